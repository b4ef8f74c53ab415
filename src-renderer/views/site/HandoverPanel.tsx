/**
 * A hand-over as it goes (UI.md §3.12): what is copied, each device's credential (a new one shown
 * only while the hand-over runs, with Copy, to provision the device with), and when each device
 * connected to the new server; Cancel while it runs; where the report went when it ended.
 */
import type { HandoverJob } from '@contract/handoverCalls';
import { CopyButton } from '../../components/CopyButton';
import { useNow } from '../../components/useNow';
import { messages } from '../../messages';
import './handover.css';

const t = messages.handover;

const time = (ms: number): string => new Date(ms).toLocaleTimeString(undefined, { hour12: false });

function left(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function copiedLine(what: string, rows: HandoverJob['buckets']): string | null {
  if (rows.length === 0) return null;
  const n = (c: string) => rows.filter((r) => r.created === c).length;
  return t.copied(what, n('created'), n('exists'), n('failed'));
}

/** What became of re-provisioning a device's board over USB, and what is left to do. */
function UsbCell({ row, target }: { row: HandoverJob['devices'][number]; target: string }) {
  const r = row.reprovisioning;
  if (!r) return <span className="muted">{t.notReprovisioned}</span>;
  if (r.state === 'running')
    return (
      <span className="muted" role="status">
        ◐ {r.detail || t.reprovisioning}
      </span>
    );
  if (r.state === 'done')
    return (
      <>
        {row.reconnectedAt !== null ? (
          <span className="online">● {t.reprovisionedConnected(target)}</span>
        ) : (
          <span>● {t.reprovisioned}</span>
        )}
        <div className="muted">{r.detail}</div>
      </>
    );
  return r.state === 'left' ? (
    <span className="notice-warn">▲ {t.reprovisionLeft(r.detail)}</span>
  ) : (
    <span className="result-word fail">✕ {t.reprovisionFailed(r.detail)}</span>
  );
}

export function HandoverPanel({ job, onCancel }: { job: HandoverJob; onCancel: () => void }) {
  const running = job.finishedAt === null;
  const now = useNow(1000, job.state === 'watching');
  const total = job.total;
  const status =
    job.state === 'copying'
      ? t.copying(job.devices.length, total)
      : job.state === 'watching'
        ? t.watching(job.reconnected, total, left((job.watchUntil ?? now) - now))
        : job.state === 'done'
          ? t.done(job.reconnected, total)
          : job.state === 'cancelled'
            ? t.cancelled(job.reconnected, total)
            : t.failedJob(job.error ?? '');
  const ok = job.state === 'done' && job.reconnected === total;
  const copied = [copiedLine(t.buckets, job.buckets), copiedLine(t.endpoints, job.endpoints)]
    .filter(Boolean)
    .join(' · ');
  const failures = [...job.buckets, ...job.endpoints].filter((r) => r.error);
  const anyNew = job.devices.some((d) => d.newCredential);

  return (
    <section className="handover-panel" aria-label={t.panel(job.target)}>
      <div className="run-header">
        <h2>{t.panel(job.target)}</h2>
        {running && (
          <button type="button" className="btn" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
      <p
        className={`run-summary ${ok ? 'pass' : job.state === 'failed' ? 'fail' : ''}`}
        role="status"
      >
        {running ? '◐' : ok ? '●' : '▲'} {status}
      </p>
      {copied && <p className="small">{copied}</p>}
      {failures.map((r) => (
        <p key={`${r.user}/${r.name}`} className="small result-word fail">
          ✕ {r.name}: {r.error}
        </p>
      ))}
      {job.devices.length > 0 && (
        <table className="site-table">
          <thead>
            <tr>
              {Object.values(t.columns).map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {job.devices.map((d) => (
              <tr key={`${d.user}/${d.device}`}>
                <td>
                  <strong>{d.device}</strong>
                  <div className="muted small mono">{d.user}</div>
                </td>
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
                  <UsbCell row={d} target={job.target} />
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
            ))}
          </tbody>
        </table>
      )}
      {anyNew && <p className="small notice-warn">{t.newCredentialsNote}</p>}
      {job.reportFile && <p className="small muted mono">{t.report(job.reportFile)}</p>}
    </section>
  );
}
