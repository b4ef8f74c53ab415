/** What became of re-provisioning a device's board over USB, and what is left to do. */
import type { HandoverJob } from '@contract/handoverCalls';
import { messages } from '../../messages';

const t = messages.handover;

export function HandoverUsbCell({
  row,
  target,
}: {
  row: HandoverJob['devices'][number];
  target: string;
}) {
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
