/**
 * A hand-over as it goes (UI.md §3.12): what is copied, each device's credential (a new one shown
 * only while the hand-over runs, with Copy, to provision the device with), and when each device
 * connected to the new server; Cancel while it runs; where the report went when it ended.
 */
import type { HandoverJob } from '@contract/handoverCalls';
import { deviceKey } from '@contract/deviceKey';
import { useNow } from '../../components/useNow';
import { messages } from '../../messages';
import { HandoverDeviceRow } from './HandoverDeviceRow';
import { copiedText, statusText } from './handoverStatus';
import { SiteTableFrame } from './siteTableParts';
import './handover.css';

const t = messages.handover;

export function HandoverPanel({ job, onCancel }: { job: HandoverJob; onCancel: () => void }) {
  const running = job.finishedAt === null;
  const now = useNow(1000, job.state === 'watching');
  const status = statusText(job, now);
  const ok = job.state === 'done' && job.reconnected === job.total;
  const copied = copiedText(job);
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
        <SiteTableFrame columns={Object.values(t.columns)}>
          {job.devices.map((d) => (
            <HandoverDeviceRow
              key={deviceKey(d)}
              device={d}
              target={job.target}
              running={running}
            />
          ))}
        </SiteTableFrame>
      )}
      {anyNew && <p className="small notice-warn">{t.newCredentialsNote}</p>}
      {job.reportFile && <p className="small muted mono">{t.report(job.reportFile)}</p>}
    </section>
  );
}
