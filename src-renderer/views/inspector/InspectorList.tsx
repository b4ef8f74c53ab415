/**
 * The inspector's list: the frame grid, or what stands in for it when no row passes (ListEmpty).
 * Scrolling away from the bottom pauses live; scrolling back resumes a pause that scrolling made.
 */
import type { FrameRow } from '../../model/inspector/frameRow';
import { useInspector } from '../../state/inspector';
import { FrameGrid } from './FrameGrid';
import { ListEmpty } from './ListEmpty';

export interface InspectorListProps {
  /** The chosen devices' frames, before the filters. */
  inScope: readonly FrameRow[];
  rows: readonly FrameRow[];
  loading: boolean;
  /** The one chosen device, when it is offline. */
  offline: string | null;
  pairedId: string | null;
  marked: ReadonlySet<string>;
}

export function InspectorList({
  inScope,
  rows,
  loading,
  offline,
  pairedId,
  marked,
}: InspectorListProps) {
  const selectedId = useInspector((s) => s.selectedId);
  const live = useInspector((s) => s.paused === null);
  const { select, pause, resume } = useInspector.getState();
  return (
    <div className="inspector-list">
      {inScope.length === 0 || rows.length === 0 ? (
        <ListEmpty loading={loading} noFrames={inScope.length === 0} offline={offline} />
      ) : (
        <FrameGrid
          rows={rows}
          selectedId={selectedId}
          pairedId={pairedId}
          marked={marked}
          live={live}
          onSelect={select}
          onLeaveBottom={() => {
            if (useInspector.getState().paused === null) pause('scroll');
          }}
          onReachBottom={() => {
            if (useInspector.getState().paused === 'scroll') resume();
          }}
        />
      )}
    </div>
  );
}
