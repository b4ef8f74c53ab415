/**
 * Starts a hand-over of the site to a production server (UI.md §3.12 "Hand over"): the server's
 * address and token (kept in main for the next time, never shown), credentials captured when
 * they were issued, and how long to wait for the devices to connect there. Errors stay at the
 * field that caused them; the server's refusal is shown in words. The form's state and the start
 * call are useHandoverForm.
 */
import type { HandoverJob, HandoverServer } from '@contract/handoverCalls';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { HandoverCredentialsField } from './HandoverCredentialsField';
import { HandoverUsbFields } from './HandoverUsbFields';
import { HandoverWatchField } from './HandoverWatchField';
import { useHandoverForm } from './useHandoverForm';
import './handover.css';

const t = messages.handover;

export function HandoverDialog({
  server,
  site,
  devices,
  onStarted,
  onClose,
}: {
  server: HandoverServer | null;
  site: string | null;
  devices: number;
  onStarted: (job: HandoverJob) => void;
  onClose: () => void;
}) {
  const form = useHandoverForm(server, site, onStarted, onClose);
  const { fields, set, errors } = form;
  return (
    <Dialog title={t.title} onClose={onClose} wide>
      <form className="handover-form" onSubmit={(e) => void form.submit(e)} noValidate>
        <p className="muted">{t.intro}</p>
        <p>
          <strong>{t.devices(devices, site)}</strong>
        </p>
        <TextField
          label={t.target}
          hint={t.targetHint}
          value={fields.target}
          error={errors.target}
          onValue={set.setTarget}
          data-autofocus={server ? undefined : true}
          inputMode="url"
          mono
        />
        <TextField
          label={t.token}
          hint={form.tokenStored ? t.tokenStored : t.tokenHint}
          value={fields.token}
          error={errors.token}
          onValue={set.setToken}
          data-autofocus={server ? true : undefined}
          type="password"
          mono
        />
        <HandoverCredentialsField
          value={fields.credentials}
          error={errors.credentials}
          onValue={set.setCredentials}
        />
        {form.boards.length > 0 && (
          <HandoverUsbFields
            boards={form.boards}
            usb={fields.usb}
            onUsb={set.setUsb}
            address={fields.deviceAddress}
            addressError={errors.address}
            onAddress={set.setDeviceAddress}
            target={form.cleanTarget}
          />
        )}
        <HandoverWatchField seconds={fields.watchSeconds} onSeconds={set.setWatchSeconds} />
        {form.error !== null ? <ErrorNotice error={form.error} title={t.failed} /> : null}
        <div className="handover-actions">
          <button type="button" className="btn" onClick={onClose}>
            {messages.common.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={form.pending}>
            {form.pending ? t.starting : t.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
