/**
 * The selected frame (UI.md §3.5): what it is (FrameDetailHead), its request or answer with the
 * latency (FramePairing), the decoded fields as a tree (FrameFieldList: field number and name,
 * values as JSON) and the hex dump. Hovering or focusing a field lights up its bytes, and hovering
 * a byte lights up its field (useFrameFields).
 */
import { useMemo } from 'react';
import { messages } from '../../messages';
import { errorOffsetInFrame, frameLayout } from '../../model/inspector/frameLayout';
import { parseCodecError, type FrameRow, type Pv } from '../../model/inspector/frameRow';
import type { Pairing } from '../../model/inspector/pairing';
import { FrameDetailHead } from './FrameDetailHead';
import { FrameFieldList } from './FrameFieldList';
import { FramePairing } from './FramePairing';
import { HexDump } from './HexDump';
import { useFrameFields } from './useFrameFields';

const t = messages.inspector.detail;

export interface FrameDetailProps {
  row: FrameRow;
  pv: Pv;
  pairing: Pairing | null;
  /** The paired frame is hidden by the filters. */
  pairingHidden: boolean;
  onSelect(id: string): void;
}

export function FrameDetail({ row, pv, pairing, pairingHidden, onSelect }: FrameDetailProps) {
  const f = row.frame;
  const layout = useMemo(() => frameLayout(f.hex, pv), [f.hex, pv]);
  const { fields, header, active, setActive, highlight, onHoverByte } = useFrameFields(f, layout);
  const error = f.error === null ? null : parseCodecError(f.error);
  const errorAt = error ? errorOffsetInFrame(layout, f.size, pv, error) : null;
  const kept = layout.bytes.length;

  return (
    <section className="frame-detail" aria-label={t.label}>
      <FrameDetailHead row={row} pv={pv} />

      {pairing && <FramePairing pairing={pairing} hidden={pairingHidden} onSelect={onSelect} />}

      {error && (
        <p className="detail-malformed">
          <strong className="mono">{error.code ?? t.malformed}</strong>
          {errorAt !== null && <span> {t.atByte(errorAt)}</span>}
          <span>: {error.detail}</span>
        </p>
      )}
      {kept < f.size && <p className="muted detail-note">{t.truncated(kept, f.size)}</p>}

      <div className="detail-panes">
        <FrameFieldList
          frame={f}
          fields={fields}
          hasHeader={header !== null}
          bodySize={layout.bodySize}
          active={active}
          onActive={setActive}
        />
        <div className="detail-bytes">
          <h2 className="detail-title">{t.bytes}</h2>
          <HexDump
            bytes={layout.bytes}
            highlight={highlight}
            header={header}
            errorAt={errorAt}
            onHoverByte={onHoverByte}
          />
        </div>
      </div>
    </section>
  );
}
