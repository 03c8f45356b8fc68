import type { SkillPool } from "../../lib/indexer.ts";
import { formatPercent, shortAddress } from "../../ui/format.ts";

/** Class names shown per row before "+N more" (the full list is in the row's tooltip). */
const NAMES_SHOWN = 4;

function classList({ classes, classCount }: SkillPool): { text: string; title?: string } {
  if (!classes) return { text: `${classCount} classes` };
  if (classes.length <= NAMES_SHOWN) return { text: classes.join(" · ") };
  return { text: `${classes.slice(0, NAMES_SHOWN).join(" · ")} +${classes.length - NAMES_SHOWN} more`, title: classes.join(" · ") };
}

/**
 * Where the score's Dawid-Skene skill comes from: one model per owner and number of classes, fitted over every task
 * of that owner, so each row rests on all of the annotator's labels in those tasks. The score uses their label-weighted mean.
 */
export function SkillPools({ pools }: { pools: SkillPool[] }) {
  if (pools.length === 0) return null;
  return (
    <div className="stack" style={{ gap: "0.4rem" }}>
      <h3 className="small" style={{ margin: 0 }}>
        Dawid-Skene skill by project
      </h3>
      <p className="muted small" style={{ margin: 0 }}>
        One model over everyone's labels in all of an owner's tasks with the same number of classes, so a few labels in many small tasks add up.
      </p>
      <div className="table-wrap">
        <table data-testid="skill-pools">
          <thead>
            <tr>
              <th>Owner · classes</th>
              <th className="right">Tasks</th>
              <th className="right">Labels</th>
              <th className="right">Skill</th>
            </tr>
          </thead>
          <tbody>
            {pools.map((pool) => {
              const names = classList(pool);
              return (
                <tr key={`${pool.owner}:${pool.classCount}`}>
                  <td title={names.title}>
                    <span className="mono small" title={pool.owner}>
                      {shortAddress(pool.owner)}
                    </span>
                    <br />
                    {names.text}
                  </td>
                  <td className="right num">{pool.tasks}</td>
                  <td className="right num">{pool.labels.toLocaleString()}</td>
                  <td className="right num">{formatPercent(pool.skill, 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
