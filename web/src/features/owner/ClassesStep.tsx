import { useOwnerDraftStore, colourFor } from "./useOwnerDraftStore.ts";
import { nextHotkey, validateClasses } from "./wizardValidation.ts";

export function ClassesStep() {
  const classes = useOwnerDraftStore((s) => s.classes);
  const setClasses = useOwnerDraftStore((s) => s.setClasses);
  const removeClass = useOwnerDraftStore((s) => s.removeClass);
  const errors = validateClasses(classes);
  const patch = (i: number, p: Partial<(typeof classes)[number]>) => setClasses(classes.map((c, j) => (j === i ? { ...c, ...p } : c)));
  return (
    <div className="stack">
      <p className="muted">
        Annotators press the hotkey to label. A <strong>cannot label</strong> answer is always added (key <kbd>x</kbd>, or <kbd>.</kbd> if a class uses x).
      </p>
      {errors.classes ? <div className="alert warn small">{errors.classes}</div> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Name</th>
              <th>Hotkey</th>
              <th>Colour</th>
              <th>Description (optional)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {classes.map((c, i) => (
              <tr key={i}>
                <td className="muted">{i}</td>
                <td>
                  <input
                    aria-label={`Class ${i} name`}
                    value={c.name}
                    onChange={(e) => patch(i, { name: e.target.value })}
                    aria-invalid={!!errors[`classes.${i}.name`]}
                    data-testid={`class-name-${i}`}
                  />
                  {errors[`classes.${i}.name`] ? <div className="error tiny" style={{ color: "var(--danger)" }}>{errors[`classes.${i}.name`]}</div> : null}
                </td>
                <td>
                  <input
                    aria-label={`Class ${i} hotkey`}
                    value={c.hotkey}
                    maxLength={1}
                    style={{ width: "3rem", textAlign: "center" }}
                    onChange={(e) => patch(i, { hotkey: e.target.value.toLowerCase() })}
                    aria-invalid={!!errors[`classes.${i}.hotkey`]}
                  />
                  {errors[`classes.${i}.hotkey`] ? <div className="tiny" style={{ color: "var(--danger)" }}>{errors[`classes.${i}.hotkey`]}</div> : null}
                </td>
                <td>
                  <input type="color" aria-label={`Class ${i} colour`} value={c.colour} onChange={(e) => patch(i, { colour: e.target.value })} />
                </td>
                <td>
                  <input aria-label={`Class ${i} description`} value={c.description ?? ""} onChange={(e) => patch(i, { description: e.target.value || undefined })} style={{ width: "100%" }} />
                </td>
                <td>
                  <button type="button" className="btn ghost sm" aria-label={`Remove class ${c.name || i}`} onClick={() => removeClass(i)} disabled={classes.length <= 2}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <button
          type="button"
          className="btn"
          onClick={() => setClasses([...classes, { name: "", hotkey: nextHotkey(classes.map((c) => c.hotkey)), colour: colourFor(classes.length) }])}
          data-testid="add-class"
        >
          + Add class
        </button>
      </div>
    </div>
  );
}
