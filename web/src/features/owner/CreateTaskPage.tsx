import { Link } from "react-router";
import { getConfig } from "../../config/appConfig.ts";
import { useTokenMeta } from "../tasks/queries.ts";
import { RequireWallet } from "../wallet/RequireWallet.tsx";
import { useOwnerDraftStore, wizardSteps, type WizardStep } from "./useOwnerDraftStore.ts";
import { settingsBlocker, validateClasses, validateSettings } from "./wizardValidation.ts";
import { ImagesStep } from "./ImagesStep.tsx";
import { ClassesStep } from "./ClassesStep.tsx";
import { InstructionsStep } from "./InstructionsStep.tsx";
import { SettingsStep } from "./SettingsStep.tsx";
import { ReviewStep } from "./ReviewStep.tsx";
import { Alert } from "../../ui/Alert.tsx";

const titles: Record<WizardStep, string> = {
  images: "Images",
  classes: "Classes",
  instructions: "Instructions & examples",
  settings: "Settings",
  review: "Review & create",
};

export function CreateTaskPage() {
  const step = useOwnerDraftStore((s) => s.step);
  const setStep = useOwnerDraftStore((s) => s.setStep);
  const images = useOwnerDraftStore((s) => s.images.length);
  const classes = useOwnerDraftStore((s) => s.classes);
  const settings = useOwnerDraftStore((s) => s.settings);
  const reset = useOwnerDraftStore((s) => s.reset);
  const token = useTokenMeta(getConfig().token);
  const index = wizardSteps.indexOf(step);
  const stepErrors: Record<WizardStep, string | null> = {
    images: images === 0 ? "Upload at least one image." : null,
    classes: Object.keys(validateClasses(classes)).length ? "Fix the classes first." : null,
    instructions: null,
    settings:
      token.decimals === undefined
        ? "Waiting for the reward token's decimals from the chain."
        : settingsBlocker(validateSettings(settings, { itemCount: images, decimals: token.decimals, now: Math.floor(Date.now() / 1000) })),
    review: null,
  };
  const blocker = stepErrors[step];
  return (
    <main>
      <div className="page-head">
        <div>
          <div className="small muted">
            <Link to="/owner">Owner console</Link> / new task
          </div>
          <h1>Create a labeling task</h1>
          <p>Your draft is saved in this browser as you go.</p>
        </div>
        <button type="button" className="btn ghost sm" onClick={() => confirm("Discard this draft?") && reset()}>
          Discard draft
        </button>
      </div>
      <RequireWallet why="The task is created and funded from your account.">
        <ol className="steps" aria-label="Steps">
          {wizardSteps.map((s, i) => (
            <li key={s} className={i === index ? "current" : i < index ? "done" : ""} aria-current={i === index ? "step" : undefined}>
              <button type="button" className="btn ghost sm" onClick={() => setStep(s)} style={{ padding: "0 0.3rem" }}>
                {titles[s]}
              </button>
            </li>
          ))}
        </ol>
        <section className="card" aria-labelledby="step-title">
          <h2 id="step-title">{titles[step]}</h2>
          {step === "images" ? <ImagesStep /> : null}
          {step === "classes" ? <ClassesStep /> : null}
          {step === "instructions" ? <InstructionsStep /> : null}
          {(step === "settings" || step === "review") && token.decimals === undefined ? (
            <Alert tone="warn" title="Reading the reward token's decimals from the chain…" testId="token-decimals-unknown">
              Amounts are entered in whole tokens, so the wizard needs the token's decimals first. If this stays, check that your
              wallet and the app are on the same network and that the token {getConfig().token} exists there.
            </Alert>
          ) : null}
          {step === "settings" && token.decimals !== undefined ? <SettingsStep decimals={token.decimals} symbol={token.symbol} /> : null}
          {step === "review" && token.decimals !== undefined ? <ReviewStep decimals={token.decimals} symbol={token.symbol} /> : null}
          <div className="row between" style={{ marginTop: "1.25rem", borderTop: "1px solid var(--border)", paddingTop: "1rem" }}>
            <button type="button" className="btn" disabled={index === 0} onClick={() => setStep(wizardSteps[index - 1]!)}>
              ← Back
            </button>
            {step !== "review" ? (
              <div className="row">
                {/* Always in the page, so screen readers announce what blocks Next as it changes (a live region added with its text is often not read). */}
                <span className="small muted" role="status" id="wizard-blocker" data-testid="wizard-blocker">
                  {blocker ?? ""}
                </span>
                <button
                  type="button"
                  className="btn primary"
                  disabled={!!blocker}
                  aria-describedby={blocker ? "wizard-blocker" : undefined}
                  onClick={() => setStep(wizardSteps[index + 1]!)}
                  data-testid="wizard-next"
                >
                  Next →
                </button>
              </div>
            ) : null}
          </div>
        </section>
      </RequireWallet>
    </main>
  );
}
