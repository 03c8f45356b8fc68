import { useMemo } from "react";
import { renderMarkdown } from "./renderMarkdown.ts";

/** Owner-written markdown, rendered and sanitised (no scripts, no event handlers, no iframes). */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
