/**
 * Delete one device or several (UI.md §3.6): the dialog names them and says which online ones
 * will be disconnected; several ask to type their count. Devices that fail to delete stay listed
 * and the dialog says why.
 */
import { useState } from 'react';
import type { Device } from '@contract/schemas';
import { ErrorNotice } from './ErrorNotice';
import { messages } from '../messages';
import { useAdmin } from '../state/admin';
import { Dialog } from './Dialog';
import { TextField } from './TextField';

export function DeleteDevicesDialog({
  devices,
  onClose,
}: {
  devices: Device[];
  onClose: () => void;
}) {
  const t = messages.admin.remove;
  const remove = useAdmin((s) => s.remove);
  const [count, setCount] = useState('');
  const [pending, setPending] = useState(false);
  const [failures, setFailures] = useState<{ key: string; error: unknown }[]>([]);
  const several = devices.length > 1;
  const online = devices.filter((d) => d.status.online).map((d) => d.key);
  const confirmed = !several || count.trim() === String(devices.length);

  const confirm = async (): Promise<void> => {
    if (!confirmed || pending) return;
    setPending(true);
    const failed = await remove(devices);
    if (failed.length === 0) return onClose();
    setFailures(failed);
    setPending(false);
  };

  return (
    <Dialog
      title={t.title(several ? t.several(devices.length) : (devices[0]?.key ?? ''))}
      onClose={onClose}
    >
      {several ? (
        <ul className="admin-delete-list mono">
          {devices.map((d) => (
            <li key={d.key}>{d.key}</li>
          ))}
        </ul>
      ) : null}
      <p>{t.effect}</p>
      {online.length ? <p className="once-warning">{t.online(online.join(', '))}</p> : null}
      {several ? (
        <TextField
          label={t.typeCount(devices.length)}
          value={count}
          onValue={setCount}
          inputMode="numeric"
          data-autofocus
          onKeyDown={(e) => e.key === 'Enter' && void confirm()}
        />
      ) : null}
      {failures[0] ? (
        <ErrorNotice
          error={failures[0].error}
          title={t.failed(failures.map((f) => f.key).join(', '))}
        />
      ) : null}
      <div className="admin-dialog-actions">
        <button
          type="button"
          className="btn"
          data-autofocus={several ? undefined : true}
          onClick={onClose}
        >
          {messages.common.cancel}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-danger-fill"
          disabled={!confirmed || pending}
          onClick={() => void confirm()}
        >
          {pending ? t.pending : t.confirm}
        </button>
      </div>
    </Dialog>
  );
}
