/**
 * The inspector's detail pane (UI.md §3.5): below a splitter, the selected frame's decoded fields
 * and hex dump, with its request/answer pair; nothing selected, one line of hint, so the rows get
 * the room (1280×720).
 */
import { useMemo } from 'react';
import { messages } from '../../messages';
import type { FrameRow } from '../../model/inspector/frameRow';
import { pairOf, type Pairing } from '../../model/inspector/pairing';
import { pvOfDevice, useInspector } from '../../state/inspector';
import { DetailSplitter } from './DetailSplitter';
import { FrameDetail } from './FrameDetail';

/** The selected frame (among all frames, shown or not) and its pair. */
export function usePairing(): Pairing | null {
  const frames = useInspector((s) => s.frames);
  const selectedId = useInspector((s) => s.selectedId);
  const index = selectedId === null ? -1 : frames.findIndex((r) => r.id === selectedId);
  return useMemo(() => (index >= 0 ? pairOf(frames, index) : null), [frames, index]);
}

export function InspectorDetail({ rows }: { rows: readonly FrameRow[] }) {
  const frames = useInspector((s) => s.frames);
  const selectedId = useInspector((s) => s.selectedId);
  const detailHeight = useInspector((s) => s.detailHeight);
  const select = useInspector((s) => s.select);
  const pairing = usePairing();
  const selected = selectedId === null ? undefined : frames.find((r) => r.id === selectedId);
  const shownIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  return (
    <>
      {selected ? <DetailSplitter /> : null}
      <div className="inspector-detail" style={{ flexBasis: selected ? detailHeight : 'auto' }}>
        {selected ? (
          <FrameDetail
            key={selected.id}
            row={selected}
            pv={pvOfDevice(selected.device)}
            pairing={pairing}
            pairingHidden={pairing !== null && !shownIds.has(pairing.row.id)}
            onSelect={select}
          />
        ) : (
          <p className="muted detail-placeholder">{messages.inspector.empty.pick}</p>
        )}
      </div>
    </>
  );
}
