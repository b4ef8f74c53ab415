/**
 * Reset a credential (UI.md §3.6): the dialog names the device and the effect; on success the
 * slice reveals the new credential once. A failure stays in the dialog, in words, and the row
 * keeps its old credential.
 */
import { useState } from 'react';
import type { Device } from '@contract/schemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import { generateCredential } from './credential';
import { CredentialChoice, typedCredentialError, type CredentialMode } from './CredentialChoice';
import { Dialog } from '../../components/Dialog';

export function ResetCredentialDialog({
  device,
  onClose,
}: {
  device: Device;
  onClose: () => void;
}) {
  const t = messages.admin.reset;
  const reset = useAdmin((s) => s.resetCredential);
  const [mode, setMode] = useState<CredentialMode>('generate');
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const typedError = typedCredentialError(mode, typed);

  const confirm = async (): Promise<void> => {
    setTouched(true);
    if (typedError || pending) return;
    setPending(true);
    setError(null);
    try {
      await reset(device, mode === 'type' ? typed : generateCredential());
      onClose();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  return (
    <Dialog title={t.title(device.key)} onClose={onClose}>
      <p>{t.effect(device.key)}</p>
      <CredentialChoice
        mode={mode}
        onMode={setMode}
        typed={typed}
        onTyped={setTyped}
        error={touched || typed ? typedError : null}
        onBlur={() => setTouched(true)}
      />
      {error ? <ErrorNotice error={error} title={t.failed(device.key)} /> : null}
      <div className="admin-dialog-actions">
        <button type="button" className="btn" data-autofocus onClick={onClose}>
          {messages.common.cancel}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-danger-fill"
          disabled={pending}
          onClick={() => void confirm()}
        >
          {pending ? t.pending : t.confirm}
        </button>
      </div>
    </Dialog>
  );
}
