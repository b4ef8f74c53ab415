/** A property's changes, newest first, with who made each (the device, the console, a token). */
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { sourceWords } from './model';
import type { PropertyChange } from './usePropertyEditor';

const t = messages.data;

export function PropertyHistory({ history }: { history: PropertyChange[] }) {
  return (
    <div className="data-history">
      <h4>{t.history}</h4>
      {history.length === 0 ? (
        <p className="muted">{t.noHistory}</p>
      ) : (
        <ol aria-label={t.history}>
          {history.map((c, i) => (
            <li key={`${c.ts}-${i}`}>
              <time className="muted">{dateTime(c.ts)}</time>{' '}
              <span>{t.by(sourceWords(c.source))}</span>{' '}
              <code className="mono">{c.value === null ? t.deleted : JSON.stringify(c.value)}</code>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
