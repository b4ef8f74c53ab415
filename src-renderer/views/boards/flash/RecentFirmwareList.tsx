/**
 * The Recent firmware list (UI.md §3.8): chooses a file again in one click when its text was
 * kept, otherwise names it only; each entry can be forgotten.
 */
import { dateTime } from '../../../format/time';
import { groupDigits } from '../../../format/bytes';
import { messages } from '../../../messages';
import { useRecentFirmware } from '../../../state/flashing';
import { shortSha } from './firmwareFiles';

/** `onUse` gets the name and the kept text of the entry chosen. */
export function RecentFirmwareList({ onUse }: { onUse: (name: string, text: string) => void }) {
  const entries = useRecentFirmware((s) => s.entries);
  const t = messages.flash.firmware;
  const c = t.recentColumns;
  return (
    <section className="recent-firmware" aria-labelledby="recent-title">
      <h3 id="recent-title">{t.recent}</h3>
      <p className="muted recent-explain">{t.recentExplain}</p>
      {entries.length === 0 ? (
        <p className="muted">{t.recentNone}</p>
      ) : (
        <table className="recent-table">
          <thead>
            <tr>
              <th scope="col">{c.name}</th>
              <th scope="col" className="num">
                {c.size}
              </th>
              <th scope="col">{c.date}</th>
              <th scope="col">{c.sha}</th>
              <th scope="col">
                <span className="visually-hidden">{messages.common.details}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.sha256}>
                <td>{e.name}</td>
                <td className="num">{groupDigits(e.sizeBytes)} B</td>
                <td>{dateTime(e.usedAt)}</td>
                <td className="mono" title={e.sha256}>
                  {shortSha(e.sha256)}
                </td>
                <td className="recent-actions">
                  {e.text !== null && e.text !== '' ? (
                    <button
                      type="button"
                      className="btn"
                      aria-label={t.useLabel(e.name)}
                      onClick={() => onUse(e.name, e.text ?? '')}
                    >
                      {t.use}
                    </button>
                  ) : (
                    <span className="bf-tag" title={t.nameOnlyHint}>
                      {t.nameOnly}
                    </span>
                  )}
                  <button
                    type="button"
                    className="btn btn-quiet"
                    aria-label={t.forgetLabel(e.name)}
                    onClick={() => useRecentFirmware.getState().remove(e.sha256)}
                  >
                    {t.forget}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
