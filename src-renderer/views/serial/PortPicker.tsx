import { useState } from 'react';
import { messages } from '../../messages';
import { href, navigate } from '../../navigation/router';
import { presentPorts, usePorts } from '../../state/ports';

/** "Port [pick…] Open": any listed port without a tab. */
export function PortPicker({ open }: { open: readonly string[] }) {
  const ports = usePorts((s) => s.ports);
  const [choice, setChoice] = useState('');
  const t = messages.serial;
  const free = presentPorts(ports).filter((p) => !open.includes(p.path));
  return (
    <form
      className="port-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) navigate(href('serial', choice));
        setChoice('');
      }}
    >
      <label className="serial-field">
        <span>{t.openPort}</span>
        <select className="field" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t.openPortPick}</option>
          {free.map((p) => (
            <option key={p.path} value={p.path}>
              {p.path} · {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={!choice}>
        {t.open}
      </button>
    </form>
  );
}
