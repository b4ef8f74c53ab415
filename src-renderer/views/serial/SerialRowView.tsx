/**
 * One row of the monitor's output: its time (with Timestamps), the text with control characters
 * marked and the search highlighted, or the hex bytes beside their ASCII; the flash marker line
 * main writes stands out.
 */
import type { ReactNode } from 'react';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import type { SerialViewMode } from '../../state/serialSettings';
import type { SerialRow } from '../../model/serialRows';
import { asciiOf, hexPairs, segments } from './serialText';

/** The line main writes where a flash happened (SerialMonitor's flashMarker). */
const FLASH_MARKER = /^— flashed .+ at \d\d:\d\d:\d\d —$/;

export function Row({
  row,
  mode,
  timestamps,
  query,
  hit = false,
  partial = false,
}: {
  row: SerialRow;
  mode: SerialViewMode;
  timestamps: boolean;
  query: string;
  hit?: boolean;
  partial?: boolean;
}) {
  return (
    <div
      className={`serial-row${hit ? ' serial-hit' : ''}${partial ? ' serial-partial' : ''}${
        mode === 'text' && FLASH_MARKER.test(row.text) ? ' serial-marker' : ''
      }`}
      title={partial ? messages.serial.partialHint : undefined}
    >
      {timestamps && <span className="serial-time">{clockTime(row.t, true)}</span>}
      {mode === 'hex' ? (
        <>
          <span className="serial-hex-bytes">
            {highlight(hexPairs(row.text).padEnd(47), query)}
          </span>
          <span className="serial-ascii">{asciiOf(row.text)}</span>
        </>
      ) : (
        <span className="serial-text">
          {segments(row.text).map((s, i) =>
            s.control ? (
              <span key={i} className="serial-ctl">
                {s.text}
              </span>
            ) : (
              <span key={i}>{highlight(s.text, query)}</span>
            ),
          )}
        </span>
      )}
    </div>
  );
}

/** `text` with every case-insensitive occurrence of `query` in <mark>. */
function highlight(text: string, query: string): ReactNode {
  const q = query.trim().toLowerCase();
  if (!q) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + q.length)}</mark>);
    from = at + q.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
