/**
 * Add a device (UI.md §3.6): user, device id (validated as the contract's `Id`, unique), name,
 * and a credential generated here by default or typed. The fields are the persisted draft, so a
 * half-typed form survives navigation and restarts; a typed credential is never persisted.
 * On success the slice reveals the credential once (CredentialOnceDialog). The form's state and
 * checks: useAddDeviceForm.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import { CredentialChoice } from './CredentialChoice';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/TextField';
import { useAddDeviceForm } from './useAddDeviceForm';

export function AddDeviceDialog({ onClose }: { onClose: () => void }) {
  const t = messages.admin.add;
  const setDraft = useAdmin((s) => s.setDraft);
  const form = useAddDeviceForm(onClose);
  const { draft, shown, leave } = form;

  return (
    <Dialog title={t.title} onClose={onClose}>
      <form className="admin-form" onSubmit={(e) => void form.submit(e)} noValidate>
        <div className="admin-form-pair">
          <TextField
            label={t.user}
            hint={t.userHint}
            value={draft.user}
            error={shown('user')}
            onValue={(user) => setDraft({ user })}
            onBlur={() => leave('user')}
            data-autofocus={draft.user ? undefined : true}
            mono
          />
          <TextField
            label={t.device}
            hint={t.deviceHint}
            value={draft.device}
            error={shown('device')}
            onValue={(device) => setDraft({ device })}
            onBlur={() => leave('device')}
            data-autofocus={draft.user ? true : undefined}
            mono
          />
        </div>
        <TextField
          label={t.name}
          hint={t.nameHint}
          value={draft.name}
          error={shown('name')}
          onValue={(name) => setDraft({ name })}
        />
        <CredentialChoice
          mode={draft.credentialMode}
          onMode={(credentialMode) => setDraft({ credentialMode })}
          typed={form.typed}
          onTyped={form.setTyped}
          error={shown('typed')}
          onBlur={() => leave('typed')}
        />
        {form.serverError ? <ErrorNotice error={form.serverError} title={t.failed} /> : null}
        <div className="admin-dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {messages.common.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={form.pending}>
            {form.pending ? t.adding : t.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
