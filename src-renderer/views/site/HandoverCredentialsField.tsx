/**
 * The credentials captured when they were issued, as `{"user/device": "credential"}`: devices
 * listed here keep theirs on the new server; the others get a new one, shown once.
 */
import { messages } from '../../messages';

const t = messages.handover;

export function HandoverCredentialsField({
  value,
  error,
  onValue,
}: {
  value: string;
  error: string | null;
  onValue(v: string): void;
}) {
  return (
    <label className="handover-credentials">
      <span>{t.credentials}</span>
      <textarea
        className="field mono"
        rows={3}
        value={value}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onValue(e.target.value)}
        placeholder='{"site/boiler-1": "…"}'
      />
      <span className="small muted">{t.credentialsHint}</span>
      {error ? (
        <span className="small field-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
