/** One device of an OTA job: its step, a progress bar of the bytes sent, and its result. */
import type { OtaDeviceState } from '@contract/otaCalls';
import { messages } from '../../messages';

const t = messages.ota;

export function OtaDeviceRow({ d }: { d: OtaDeviceState }) {
  const pct = d.total ? Math.round((d.sent / d.total) * 100) : 0;
  const r = d.result;
  return (
    <tr aria-label={d.device} data-result={r?.result}>
      <td className="mono">{d.device}</td>
      <td>{t.phases[d.phase]}</td>
      <td>
        <progress max={100} value={r?.result === 'success' ? 100 : pct} aria-label={d.device} />{' '}
        <span className="mono small">{r?.result === 'success' ? 100 : pct} %</span>
      </td>
      <td>
        {r ? (
          <>
            <strong className={`ota-result ota-${r.result}`}>{t.results[r.result]}</strong>
            <div className="small">{r.description}</div>
          </>
        ) : null}
      </td>
    </tr>
  );
}
