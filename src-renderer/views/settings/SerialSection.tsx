/** Settings → Serial: the baud rate a monitor starts at on a board never opened here, per kind. */
import { useId } from 'react';
import { messages } from '../../messages';
import {
  BAUD_KINDS,
  BAUD_RATES,
  useSerialDefaults,
  type BaudKind,
} from '../../state/serialDefaults';

function BaudSelect({ kind }: { kind: BaudKind }) {
  const id = useId();
  const value = useSerialDefaults((s) => s.bauds[kind]);
  const setBaud = useSerialDefaults((s) => s.setBaud);
  return (
    <div className="text-field">
      <label htmlFor={id}>{messages.settings.serial.kinds[kind]}</label>
      <select
        id={id}
        className="field"
        value={value}
        onChange={(e) => setBaud(kind, Number(e.target.value))}
      >
        {BAUD_RATES.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SerialSection() {
  const t = messages.settings.serial;
  return (
    <>
      <p className="muted">{t.intro}</p>
      <div className="settings-grid">
        {BAUD_KINDS.map((kind) => (
          <BaudSelect key={kind} kind={kind} />
        ))}
      </div>
      <p className="muted">{t.hint}</p>
    </>
  );
}
