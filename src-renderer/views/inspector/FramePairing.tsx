/** The selected frame's request or answer (same stream id), with the latency and Show. */
import { messages } from '../../messages';
import type { Pairing } from '../../model/inspector/pairing';
import { latencyText } from './format';

const t = messages.inspector.detail;

export function FramePairing({
  pairing,
  hidden,
  onSelect,
}: {
  pairing: Pairing;
  /** The paired frame is hidden by the filters (nothing to show). */
  hidden: boolean;
  onSelect(id: string): void;
}) {
  return (
    <p className="detail-pairing">
      <span className="muted">{pairing.role === 'answer' ? t.answer : t.request}: </span>
      <span>
        {pairing.role === 'answer'
          ? t.answeredIn(pairing.row.frame.type, latencyText(pairing.latencyMs))
          : t.requestedBefore(pairing.row.frame.type, latencyText(pairing.latencyMs))}
      </span>
      {hidden ? (
        <span className="muted"> {t.hidden}</span>
      ) : (
        <button type="button" className="btn btn-quiet" onClick={() => onSelect(pairing.row.id)}>
          {t.show}
        </button>
      )}
    </p>
  );
}
