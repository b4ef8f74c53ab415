/**
 * Add a device (UI.md §3.6): user, device id (validated as the contract's `Id`, unique), name,
 * and a credential generated here by default or typed. The fields are the persisted draft, so a
 * half-typed form survives navigation and restarts; a typed credential is never persisted.
 * On success the slice reveals the credential once (CredentialOnceDialog).
 */
import { deviceKey } from '@contract/deviceKey';
import { useState, type FormEvent } from 'react';
import { ApiErrorCode } from '@contract/errors';
import { Id } from '@contract/schemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import { CredentialChoice, typedCredentialError } from './CredentialChoice';
import { generateCredential } from './credential';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';

/** The contract's bound on a name. */
const MAX_TEXT = 1024;

const idError = (value: string, field: string): string | null => {
  if (value === '') return messages.admin.add.required(field);
  const parsed = Id.safeParse(value);
  return parsed.success ? null : `${field}: ${parsed.error.issues[0]?.message ?? ''}`;
};

const isConflict = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === ApiErrorCode.CONFLICT;

export function AddDeviceDialog({ onClose }: { onClose: () => void }) {
  const t = messages.admin.add;
  const draft = useAdmin((s) => s.draft);
  const devices = useAdmin((s) => s.devices);
  const setDraft = useAdmin((s) => s.setDraft);
  const add = useAdmin((s) => s.add);
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [pending, setPending] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  /** The server said this key exists (a device added elsewhere since the list was read). */
  const [conflictKey, setConflictKey] = useState<string | null>(null);

  const key = deviceKey(draft);
  const exists = devices?.some((d) => d.key === key && d.registered) || conflictKey === key;
  const errors = {
    user: idError(draft.user, t.user),
    device: idError(draft.device, t.device) ?? (exists ? t.exists(draft.device, draft.user) : null),
    name: draft.name.length > MAX_TEXT ? t.tooLong(MAX_TEXT) : null,
    typed: typedCredentialError(draft.credentialMode, typed),
  };
  // Validate as you type; an empty required field only complains once left or submitted.
  const shown = (field: keyof typeof errors, value: string): string | null =>
    touched[field] || (value !== '' && field !== 'typed') ? errors[field] : null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setTouched({ user: true, device: true, name: true, typed: true });
    if (Object.values(errors).some(Boolean) || pending) return;
    setPending(true);
    setServerError(null);
    try {
      await add({
        user: draft.user,
        device: draft.device,
        name: draft.name.trim(),
        credential: draft.credentialMode === 'type' ? typed : generateCredential(),
      });
      onClose();
    } catch (error) {
      if (isConflict(error)) setConflictKey(key);
      else setServerError(error);
      setPending(false);
    }
  };

  return (
    <Dialog title={t.title} onClose={onClose}>
      <form className="admin-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="admin-form-pair">
          <TextField
            label={t.user}
            hint={t.userHint}
            value={draft.user}
            error={shown('user', draft.user)}
            onValue={(user) => setDraft({ user })}
            onBlur={() => setTouched((s) => ({ ...s, user: true }))}
            data-autofocus={draft.user ? undefined : true}
            mono
          />
          <TextField
            label={t.device}
            hint={t.deviceHint}
            value={draft.device}
            error={shown('device', draft.device)}
            onValue={(device) => setDraft({ device })}
            onBlur={() => setTouched((s) => ({ ...s, device: true }))}
            data-autofocus={draft.user ? true : undefined}
            mono
          />
        </div>
        <TextField
          label={t.name}
          hint={t.nameHint}
          value={draft.name}
          error={shown('name', draft.name)}
          onValue={(name) => setDraft({ name })}
        />
        <CredentialChoice
          mode={draft.credentialMode}
          onMode={(credentialMode) => setDraft({ credentialMode })}
          typed={typed}
          onTyped={setTyped}
          error={shown('typed', typed)}
          onBlur={() => setTouched((s) => ({ ...s, typed: true }))}
        />
        {serverError ? <ErrorNotice error={serverError} title={t.failed} /> : null}
        <div className="admin-dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {messages.common.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? t.adding : t.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
