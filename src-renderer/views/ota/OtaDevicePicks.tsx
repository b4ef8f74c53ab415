/** The user's online devices, each with a checkbox to send the image to it. */
import { messages } from '../../messages';

const t = messages.ota;

export function OtaDevicePicks({
  online,
  picked,
  onPicked,
}: {
  online: readonly string[];
  picked: ReadonlySet<string>;
  onPicked: (picked: ReadonlySet<string>) => void;
}) {
  return (
    <fieldset className="ota-devices">
      <legend>{t.devices}</legend>
      {online.length === 0 ? <p className="muted">{t.noDevices}</p> : null}
      {online.map((d) => (
        <label key={d} className="ota-device">
          <input
            type="checkbox"
            checked={picked.has(d)}
            onChange={(e) => {
              const next = new Set(picked);
              if (e.target.checked) next.add(d);
              else next.delete(d);
              onPicked(next);
            }}
          />
          <span className="mono">{d}</span>
        </label>
      ))}
    </fieldset>
  );
}
