import { useId } from "react";
import { useOwnerDraftStore, colourFor } from "./useOwnerDraftStore.ts";
import { nextHotkey, validateClasses } from "./wizardValidation.ts";

export function ClassesStep() {
  const classes = useOwnerDraftStore((s) => s.classes);
  const setClasses = useOwnerDraftStore((s) => s.setClasses);
  const removeClass = useOwnerDraftStore((s) => s.removeClass);
  const errors = validateClasses(classes);
  const baseId = useId();
  /** An input's error, the id of the element showing it, and the attributes that tie the input to it. */
  const errorOf = (i: number, field: "name" | "hotkey" | "colour") => {
    const message = errors[`classes.${i}.${field}`];
    const id = `${baseId}-class-${i}-${field}-error`;
    return { message, id, input: { "aria-invalid": !!message, "aria-describedby": message ? id : undefined } };
  };
  const patch = (i: number, p: Partial<(typeof classes)[number]>) => setClasses(classes.map((c, j) => (j === i ? { ...c, ...p } : c)));
  return (
    <div className="stack">
      <p className="muted">
        Annotators press the hotkey to label. A <strong>cannot label</strong> answer is always added (key <kbd>x</kbd>, or <kbd>.</kbd> if a class uses x).
      </p>
      {errors.classes ? <div className="alert warn small">{errors.classes}</div> : null}
      {/* Under 600px each class row becomes a card (styles.css: .classes-table) so no column is off-screen. */}
      <div className="table-wrap">
        <table className="classes-table">
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
            {classes.map((c, i) => {
              const name = errorOf(i, "name");
              const hotkey = errorOf(i, "hotkey");
              const colour = errorOf(i, "colour");
              return (
                <tr key={i}>
                  <td className="muted class-num">{i}</td>
                  <td className="class-name">
                    <input aria-label={`Class ${i} name`} value={c.name} onChange={(e) => patch(i, { name: e.target.value })} {...name.input} data-testid={`class-name-${i}`} />
                    <CellError error={name} />
                  </td>
                  <td className="class-hotkey">
                    <input
                      aria-label={`Class ${i} hotkey`}
                      value={c.hotkey}
                      maxLength={1}
                      style={{ width: "3rem", textAlign: "center" }}
                      onChange={(e) => patch(i, { hotkey: e.target.value.toLowerCase() })}
                      {...hotkey.input}
                    />
                    <CellError error={hotkey} />
                  </td>
                  <td className="class-colour">
                    <input type="color" aria-label={`Class ${i} colour`} value={c.colour} onChange={(e) => patch(i, { colour: e.target.value })} {...colour.input} />
                    <CellError error={colour} />
                  </td>
                  <td className="class-description">
                    <input
                      aria-label={`Class ${i} description`}
                      placeholder="Description (optional)"
                      value={c.description ?? ""}
                      onChange={(e) => patch(i, { description: e.target.value || undefined })}
                      style={{ width: "100%" }}
                    />
                  </td>
                  <td className="class-remove">
                    <button type="button" className="btn ghost sm" aria-label={`Remove class ${c.name || i}`} onClick={() => removeClass(i)} disabled={classes.length <= 2}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
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

/** A class cell's error, with the id its input points at (aria-describedby). */
function CellError({ error }: { error: { message: string | undefined; id: string } }) {
  return error.message ? (
    <div className="error tiny" id={error.id} style={{ color: "var(--danger)" }}>
      {error.message}
    </div>
  ) : null;
}
