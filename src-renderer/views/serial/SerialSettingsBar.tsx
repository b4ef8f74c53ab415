/**
 * The monitor's port settings (UI.md §3.9): baud rate (the standard ones, plus the port's own
 * when it is another) and line ending, with the port's status line beside them.
 */
import type { LineEnding } from '@contract/serialSchemas';
import { messages } from '../../messages';
import { BAUD_RATES } from '../../state/serialDefaults';
import { StatusLine } from './StatusLine';

const LINE_ENDINGS: LineEnding[] = ['none', 'lf', 'cr', 'crlf'];

export function SerialSettingsBar({
  port,
  baud,
  lineEnding,
  onChange,
}: {
  port: string;
  baud: number;
  lineEnding: LineEnding;
  onChange(patch: { baudRate?: number; lineEnding?: LineEnding }): void;
}) {
  const t = messages.serial;
  return (
    <div className="serial-bar" role="group" aria-label={t.settings(port)}>
      <label className="serial-field">
        <span>{t.baud}</span>
        <select
          className="field"
          value={baud}
          onChange={(e) => onChange({ baudRate: Number(e.target.value) })}
        >
          {!BAUD_RATES.includes(baud as never) && <option value={baud}>{baud}</option>}
          {BAUD_RATES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label className="serial-field">
        <span>{t.lineEnding}</span>
        <select
          className="field"
          value={lineEnding}
          onChange={(e) => onChange({ lineEnding: e.target.value as LineEnding })}
        >
          {LINE_ENDINGS.map((l) => (
            <option key={l} value={l}>
              {t.lineEndings[l]}
            </option>
          ))}
        </select>
      </label>
      <StatusLine port={port} />
    </div>
  );
}
