/**
 * One commissioned device in the Site table: device and user, product, firmware, last result and
 * its date, whether it is online now, and its certificate (PDF, JSON) and Re-check.
 */
import type { SiteDevice } from '@contract/commissionSchemas';
import { api } from '../../api/connection';
import { messages } from '../../messages';
import { saveGenerated } from '../../model/commissionPlan';
import { SiteNow } from './SiteNow';
import { DeviceCell } from './siteTableParts';

const t = messages.site;

const when = (ms: number | null) =>
  ms === null ? '–' : new Date(ms).toLocaleString(undefined, { hour12: false });

export interface SiteRowProps {
  device: SiteDevice;
  /** A re-check of this device is running. */
  checking: boolean;
  onRecheck(device: SiteDevice): void;
  onError(e: unknown): void;
}

export function SiteRow({ device: d, checking, onRecheck, onError }: SiteRowProps) {
  const r = d.record;
  const app = r.firmware.images.at(-1);
  const certificate = (format: 'pdf' | 'json') =>
    void api().sites.certificate({ recordId: r.id, format }).then(saveGenerated, onError);
  return (
    <tr>
      <DeviceCell user={d.user} device={d.device} />
      <td>{r.plan.name}</td>
      <td className="small">
        {app ? (
          <>
            {app.name} <span className="mono muted">{app.sha256.slice(0, 8)}…</span>
          </>
        ) : (
          '–'
        )}
      </td>
      <td>
        <span className={`result-word ${r.status === 'pass' ? 'pass' : 'fail'}`}>
          {r.status === 'pass' ? '●' : '✕'} {r.status.toUpperCase()}
        </span>
        {r.error && <div className="small muted">{r.error}</div>}
      </td>
      <td className="small">{when(r.endedAt)}</td>
      <td>
        <SiteNow device={d} />
      </td>
      <td>
        <div className="toolbar">
          <button type="button" className="btn" onClick={() => certificate('pdf')}>
            PDF
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => certificate('json')}>
            JSON
          </button>
          <button
            type="button"
            className="btn"
            aria-label={t.recheckOne(d.device)}
            disabled={checking}
            onClick={() => onRecheck(d)}
          >
            {checking ? '◐' : t.recheck}
          </button>
        </div>
      </td>
    </tr>
  );
}
