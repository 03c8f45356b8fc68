import { cloneElement, useId, type ReactElement, type ReactNode } from "react";
import { MAX_BATCH_SIZE, MAX_REDUNDANCY } from "@crowdlabel/sdk";
import { GoldPicker } from "./GoldPicker.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";
import { MIN_WINDOW_MINUTES, settingLabels, validateSettings, type DraftSettings } from "./wizardValidation.ts";
import { batchCountOf } from "./budget.ts";

function toLocalInput(unix: number): string {
  const d = new Date(unix * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type FieldControlProps = { id?: string; "aria-describedby"?: string; "aria-invalid"?: boolean | "true" | "false" };

/**
 * A labelled form control. The label holds only the label text; the hint and the error sit in their own elements with ids,
 * and the control (the one child element) gets its id, aria-describedby (error, then hint) and aria-invalid.
 */
export function Field({ label, hint, error, children }: { label: string; hint?: ReactNode; error?: string; children: ReactElement<FieldControlProps> }) {
  const baseId = useId();
  const controlId = children.props.id ?? `${baseId}-control`;
  const errorId = `${baseId}-error`;
  const hintId = `${baseId}-hint`;
  const describedBy = [children.props["aria-describedby"], error ? errorId : undefined, hint ? hintId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {cloneElement(children, { id: controlId, "aria-describedby": describedBy, "aria-invalid": !!error })}
      {error ? (
        <span className="error" id={errorId}>
          {error}
        </span>
      ) : null}
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function SettingsStep({ decimals, symbol }: { decimals: number; symbol: string }) {
  const s = useOwnerDraftStore((st) => st.settings);
  const patch = useOwnerDraftStore((st) => st.patchSettings);
  const images = useOwnerDraftStore((st) => st.images);
  const classes = useOwnerDraftStore((st) => st.classes);
  const gold = useOwnerDraftStore((st) => st.gold);
  const setGold = useOwnerDraftStore((st) => st.setGold);
  const errors = validateSettings(s, { itemCount: images.length, decimals, now: Math.floor(Date.now() / 1000) });
  const num = (key: keyof DraftSettings) => (e: React.ChangeEvent<HTMLInputElement>) => patch({ [key]: Number(e.target.value) } as Partial<DraftSettings>);
  // Field sets aria-invalid and aria-describedby from the error it shows.
  const ids = (key: keyof DraftSettings) => ({ "data-testid": `setting-${key}` });
  return (
    <div className="stack lg">
      <div className="form-grid">
        <Field label={settingLabels.title} error={errors.title}>
          <input value={s.title} onChange={(e) => patch({ title: e.target.value })} {...ids("title")} />
        </Field>
        <Field label={settingLabels.description}>
          <input value={s.description} onChange={(e) => patch({ description: e.target.value })} {...ids("description")} />
        </Field>
      </div>
      <h3 style={{ margin: 0 }}>Quality</h3>
      <div className="form-grid">
        <Field label={settingLabels.batchSize} error={errors.batchSize} hint={`${batchCountOf(images.length, s.batchSize)} ${batchCountOf(images.length, s.batchSize) === 1 ? "batch" : "batches"}. Smaller batches mix annotators more, which sharpens each one's accuracy estimate; larger ones cost less gas per label.`}>
          <input type="number" min={1} max={MAX_BATCH_SIZE} value={s.batchSize} onChange={num("batchSize")} {...ids("batchSize")} />
        </Field>
        <Field label={settingLabels.redundancy} error={errors.redundancy} hint="Annotators per batch in the first round">
          <input type="number" min={1} max={MAX_REDUNDANCY} value={s.redundancy} onChange={num("redundancy")} {...ids("redundancy")} />
        </Field>
        <Field label={settingLabels.maxRedundancy} error={errors.maxRedundancy} hint="Unresolved images get extra labels up to this">
          <input type="number" min={1} max={MAX_REDUNDANCY} value={s.maxRedundancy} onChange={num("maxRedundancy")} {...ids("maxRedundancy")} />
        </Field>
        <Field label={settingLabels.minAgreement} error={errors.minAgreement} hint="Votes the top class needs to become consensus">
          <input type="number" min={1} max={MAX_REDUNDANCY} value={s.minAgreement} onChange={num("minAgreement")} {...ids("minAgreement")} />
        </Field>
      </div>
      <h3 style={{ margin: 0 }}>Money</h3>
      <div className="form-grid">
        <Field label={`${settingLabels.reward} (${symbol})`} error={errors.reward}>
          <input inputMode="decimal" value={s.reward} onChange={(e) => patch({ reward: e.target.value })} {...ids("reward")} />
        </Field>
        <Field label={`${settingLabels.bond} (${symbol})`} error={errors.bond} hint="Returned on reveal; deters abandoned claims">
          <input inputMode="decimal" value={s.bond} onChange={(e) => patch({ bond: e.target.value })} {...ids("bond")} />
        </Field>
      </div>
      <h3 style={{ margin: 0 }}>Schedule</h3>
      <div className="form-grid">
        <Field label={settingLabels.claimTtlMinutes} error={errors.claimTtlMinutes} hint={`At least ${MIN_WINDOW_MINUTES}`}>
          <input type="number" min={MIN_WINDOW_MINUTES} value={s.claimTtlMinutes} onChange={num("claimTtlMinutes")} {...ids("claimTtlMinutes")} />
        </Field>
        <Field
          label={settingLabels.commitWindowMinutes}
          error={errors.commitWindowMinutes}
          hint={`After it, reveal opens anyway. New claims are taken during its first ${Math.max(0, s.commitWindowMinutes - s.claimTtlMinutes)} min, so each gets its full time to commit`}
        >
          <input type="number" min={MIN_WINDOW_MINUTES} value={s.commitWindowMinutes} onChange={num("commitWindowMinutes")} {...ids("commitWindowMinutes")} />
        </Field>
        <Field label={settingLabels.revealWindowMinutes} error={errors.revealWindowMinutes} hint={`At least ${MIN_WINDOW_MINUTES}`}>
          <input type="number" min={MIN_WINDOW_MINUTES} value={s.revealWindowMinutes} onChange={num("revealWindowMinutes")} {...ids("revealWindowMinutes")} />
        </Field>
        <Field label={settingLabels.deadline} error={errors.deadline} hint={`Claims stop ${s.claimTtlMinutes} min (one claim's time) before it; after it you can close and be refunded`}>
          <input type="datetime-local" value={toLocalInput(s.deadline)} onChange={(e) => patch({ deadline: Math.floor(new Date(e.target.value).getTime() / 1000) })} {...ids("deadline")} />
        </Field>
      </div>
      <h3 style={{ margin: 0 }}>Reputation gate</h3>
      <div className="form-grid">
        <Field label={settingLabels.minLabelsRevealed} error={errors.minLabelsRevealed} hint="On-chain counter; 0 = open to everyone">
          <input type="number" min={0} value={s.minLabelsRevealed} onChange={num("minLabelsRevealed")} {...ids("minLabelsRevealed")} />
        </Field>
        <Field label={settingLabels.minAgreementPercent} error={errors.minAgreementPercent}>
          <input type="number" min={0} max={100} value={s.minAgreementPercent} onChange={num("minAgreementPercent")} {...ids("minAgreementPercent")} />
        </Field>
      </div>
      <section className="stack">
        <h3 style={{ margin: 0 }}>Gold items (optional)</h3>
        <p className="small muted" style={{ margin: 0 }}>
          Answer a few images yourself. Only a hash goes on chain now; you reveal the answers later so the indexer can score annotators on them. Keep the gold file you will
          download at creation.
        </p>
        <GoldPicker images={images} classes={classes} gold={gold} batchSize={s.batchSize} setGold={setGold} />
      </section>
    </div>
  );
}
