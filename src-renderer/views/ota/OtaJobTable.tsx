/** The OTA job: a row per device and, once finished, how many succeeded and failed. */
import type { OtaJob } from '@contract/otaCalls';
import { messages } from '../../messages';
import { OtaDeviceRow } from './OtaDeviceRow';

const t = messages.ota;

export function OtaJobTable({ job }: { job: OtaJob }) {
  const done = job.devices.flatMap((d) => (d.result ? [d.result] : []));
  return (
    <section className="ota-section" aria-label={t.job}>
      <h2>
        {t.job}
        {job.finished !== null ? (
          <span className="muted small">
            {' '}
            ·{' '}
            {t.summary(
              done.filter((r) => r.result !== 'failure').length,
              done.filter((r) => r.result === 'failure').length,
            )}
          </span>
        ) : null}
      </h2>
      <div className="admin-table-wrap">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.device}</th>
              <th scope="col">{t.phase}</th>
              <th scope="col">{t.progress}</th>
              <th scope="col">{t.result}</th>
            </tr>
          </thead>
          <tbody>
            {job.devices.map((d) => (
              <OtaDeviceRow key={d.device} d={d} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
