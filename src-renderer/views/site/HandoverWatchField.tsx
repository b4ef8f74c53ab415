/** How long the hand-over waits for the devices to connect to the new server. */
import { messages } from '../../messages';

const t = messages.handover;

export function HandoverWatchField({
  seconds,
  onSeconds,
}: {
  seconds: number;
  onSeconds(seconds: number): void;
}) {
  return (
    <label className="form-row inline">
      <span>{t.watch}</span>
      <select className="field" value={seconds} onChange={(e) => onSeconds(Number(e.target.value))}>
        {t.watchChoices.map(([s, label]) => (
          <option key={s} value={s}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
