/**
 * The add-device form's state: the persisted draft (user, device, name, credential mode), a typed
 * credential (never persisted), the errors (validated as typed; an empty required field only
 * complains once left or submitted), and Add, which reveals the credential once on success. A
 * device added elsewhere since the list was read shows as "exists" at its field.
 */
import { deviceKey } from '@contract/deviceKey';
import { useState, type FormEvent } from 'react';
import { ApiErrorCode } from '@contract/errors';
import { Id } from '@contract/schemas';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import { typedCredentialError } from './CredentialChoice';
import { generateCredential } from './credential';

/** The contract's bound on a name. */
const MAX_TEXT = 1024;

const idError = (value: string, field: string): string | null => {
  if (value === '') return messages.admin.add.required(field);
  const parsed = Id.safeParse(value);
  return parsed.success ? null : `${field}: ${parsed.error.issues[0]?.message ?? ''}`;
};

const isConflict = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'code' in e && e.code === ApiErrorCode.CONFLICT;

type FieldName = 'user' | 'device' | 'name' | 'typed';

export function useAddDeviceForm(onClose: () => void) {
  const t = messages.admin.add;
  const draft = useAdmin((s) => s.draft);
  const devices = useAdmin((s) => s.devices);
  const add = useAdmin((s) => s.add);
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [pending, setPending] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  /** The server said this key exists (a device added elsewhere since the list was read). */
  const [conflictKey, setConflictKey] = useState<string | null>(null);

  const key = deviceKey(draft);
  const exists = devices?.some((d) => d.key === key && d.registered) || conflictKey === key;
  const errors: Record<FieldName, string | null> = {
    user: idError(draft.user, t.user),
    device: idError(draft.device, t.device) ?? (exists ? t.exists(draft.device, draft.user) : null),
    name: draft.name.length > MAX_TEXT ? t.tooLong(MAX_TEXT) : null,
    typed: typedCredentialError(draft.credentialMode, typed),
  };
  const values: Record<FieldName, string> = { ...draft, typed };
  const shown = (field: FieldName): string | null =>
    touched[field] || (values[field] !== '' && field !== 'typed') ? errors[field] : null;

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
  return {
    draft,
    typed,
    setTyped,
    shown,
    leave: (field: FieldName) => setTouched((s) => ({ ...s, [field]: true })),
    pending,
    serverError,
    submit,
  };
}
