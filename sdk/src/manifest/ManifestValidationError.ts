import { CrowdlabelError } from "../errors.ts";

export type ManifestIssue = {
  /** Where the problem is, e.g. `items[12].cid` (empty for the whole document). */
  path: string;
  message: string;
};

export class ManifestValidationError extends CrowdlabelError {
  override name = "ManifestValidationError";
  readonly issues: ManifestIssue[];
  constructor(issues: ManifestIssue[]) {
    const shown = issues.slice(0, 20).map((issue) => `- ${issue.path || "(manifest)"}: ${issue.message}`);
    if (issues.length > shown.length) shown.push(`- … and ${issues.length - shown.length} more`);
    super(`Invalid task manifest (${issues.length} issue${issues.length === 1 ? "" : "s"}).`, { metaMessages: shown });
    this.issues = issues;
  }
}
