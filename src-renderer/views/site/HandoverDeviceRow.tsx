/**
 * One device of a hand-over: its credential on the new server (kept, or the new one with Copy while
 * the hand-over runs), whether it was created there, its properties, its USB re-provisioning, and
 * when it connected to the new server.
 */
import type { HandoverJob } from '@contract/handoverCalls';
import { CopyButton } from '../../components/CopyButton';
import { messages } from '../../messages';
import { HandoverUsbCell } from './HandoverUsbCell';
import { DeviceCell } from './siteTableParts';

const t = messages.handover;

const time = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, { hour12: false });

export function HandoverDeviceRow({
  device: d,
  target,
  running,
}: {
  device: HandoverJob['devices'][number];
  /** The new server. */
  target: string;
  /** The hand-over still runs (a device not connected yet may still connect). */
  running: boolean;
}) {
  return (
    <tr>
      <DeviceCell user={d.user} device={d.device} />
      <td>
        {d.credential === 'captured' ? (
          t.kept
        ) : d.newCredential ? (
          <div className="handover-credential">
            <span className="small muted">{t.newCredential}</span>
            <code className="mono" data-testid={`new-credential-${d.device}`}>
              {d.newCredential}
            </code>
            <CopyButton text={d.newCredential} className="btn btn-quiet" />
          </div>
        ) : (
          <span className="muted">{t.credentialGone}</span>
        )}
      </td>
      <td>
        <span className={`result-word ${d.created === 'failed' ? 'fail' : 'pass'}`}>
          {d.created === 'failed' ? '✕' : '●'} {t.created[d.created]}
        </span>
        {d.error && <div className="small muted">{d.error}</div>}
      </td>
      <td className="small">{d.properties}</td>
      <td className="small handover-usb-cell" data-testid={`usb-${d.device}`}>
        <HandoverUsbCell row={d} target={target} />
      </td>
      <td>
        {d.reconnectedAt !== null ? (
          <span className="online">● {time(d.reconnectedAt)}</span>
        ) : running && d.created !== 'failed' ? (
          <span className="muted">◐ {t.waiting}</span>
        ) : (
          <span className="muted">○ {t.notConnected}</span>
        )}
      </td>
    </tr>
  );
}
