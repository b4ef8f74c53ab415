/**
 * The inspector's detail pane (UI.md §3.5): below a splitter, the selected frame's decoded fields
 * and hex dump, with its request/answer pair; nothing selected, one line of hint, so the rows get
 * the room. Its height leaves the list 12 rows until the user drags it (detailLayout; 1280×720).
 */
import { useMemo } from 'react';
import { messages } from '../../messages';
import type { FrameRow } from '../../model/inspector/frameRow';
import { pairOf, type Pairing } from '../../model/inspector/pairing';
import { detailHeight } from '../../model/inspector/detailLayout';
import { pvOfDevice, useInspector } from '../../state/inspector';
import { DetailSplitter } from './DetailSplitter';
import { FrameDetail } from './FrameDetail';
import { useFrameRowHeight } from './useFrameRowHeight';

/** The selected frame (among all frames, shown or not) and its pair. */
export function usePairing(): Pairing | null {
  const frames = useInspector((s) => s.frames);
  const selectedId = useInspector((s) => s.selectedId);
  const index = selectedId === null ? -1 : frames.findIndex((r) => r.id === selectedId);
  return useMemo(() => (index >= 0 ? pairOf(frames, index) : null), [frames, index]);
}

export function InspectorDetail({
  rows,
  room,
}: {
  rows: readonly FrameRow[];
  /** Height of the list and this pane together (px). */
  room: number;
}) {
  const frames = useInspector((s) => s.frames);
  const selectedId = useInspector((s) => s.selectedId);
  const chosen = useInspector((s) => s.detailHeight);
  const rowHeight = useFrameRowHeight();
  const height = detailHeight({ chosen, room, rowHeight });
  const select = useInspector((s) => s.select);
  const pairing = usePairing();
  const selected = selectedId === null ? undefined : frames.find((r) => r.id === selectedId);
  const shownIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  return (
    <>
      {selected ? <DetailSplitter height={height} /> : null}
      <div className="inspector-detail" style={{ flexBasis: selected ? height : 'auto' }}>
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
