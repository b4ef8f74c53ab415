/** Generated credential (default) or one typed by the user: add-device and reset share it. */
import { messages } from '../../messages';
import { TextField } from '../../components/TextField';

export type CredentialMode = 'generate' | 'type';

/** The contract's bound on a credential (CONNECT's element limit, IOTMP.md §10.1). */
const MAX_CREDENTIAL = 1024;

export function typedCredentialError(mode: CredentialMode, typed: string): string | null {
  const t = messages.admin.add;
  if (mode !== 'type') return null;
  if (typed === '') return t.required(t.typed);
  return typed.length > MAX_CREDENTIAL ? t.tooLong(MAX_CREDENTIAL) : null;
}

export function CredentialChoice({
  mode,
  onMode,
  typed,
  onTyped,
  error,
  onBlur,
}: {
  mode: CredentialMode;
  onMode: (mode: CredentialMode) => void;
  typed: string;
  onTyped: (value: string) => void;
  error: string | null;
  onBlur: () => void;
}) {
  const t = messages.admin.add;
  return (
    <fieldset className="admin-choice">
      <legend>{t.credential}</legend>
      {(['generate', 'type'] as const).map((m) => (
        <label key={m}>
          <input
            type="radio"
            name="credential-mode"
            checked={mode === m}
            onChange={() => onMode(m)}
          />
          {m === 'generate' ? t.generate : t.type}
        </label>
      ))}
      {mode === 'type' && (
        <TextField
          label={t.typed}
          hint={t.typedHint}
          value={typed}
          error={error}
          onValue={onTyped}
          onBlur={onBlur}
          mono
        />
      )}
    </fieldset>
  );
}
