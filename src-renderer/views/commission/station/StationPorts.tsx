/** The boards to commission: one checkbox per present port, what is on it beside. */
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';

const t = messages.commission.station;

export function StationPorts({
  ports,
  chosen,
  onChosen,
}: {
  ports: readonly PortRow[];
  chosen: readonly string[];
  onChosen: (chosen: string[]) => void;
}) {
  return (
    <fieldset className="plan-group">
      <legend>{t.ports}</legend>
      {ports.length === 0 && <p className="muted">{t.noPorts}</p>}
      {ports.map((p) => (
        <label key={p.path} className="check-row">
          <input
            type="checkbox"
            checked={chosen.includes(p.path)}
            onChange={(e) =>
              onChosen(e.target.checked ? [...chosen, p.path] : chosen.filter((c) => c !== p.path))
            }
          />
          <span className="mono">{p.path}</span>
          <span className="muted"> · {p.name}</span>
        </label>
      ))}
    </fieldset>
  );
}
