/**
 * The handle between the frame grid and the detail pane: drag it, or focus it and use the arrows;
 * a double click gives the pane its automatic height again.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { messages } from '../../messages';
import { DETAIL_HEIGHT, useInspector } from '../../state/inspector';

const STEP_PX = 24;

/** `height`: the pane's height now (chosen or automatic). */
export function DetailSplitter({ height }: { height: number }) {
  const setHeight = useInspector((s) => s.setDetailHeight);
  const start = useRef<{ y: number; height: number } | null>(null);

  const keys: Record<string, number> = {
    ArrowUp: height + STEP_PX,
    ArrowDown: height - STEP_PX,
    Home: DETAIL_HEIGHT.max,
    End: DETAIL_HEIGHT.min,
  };
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label={messages.inspector.detail.resize}
      aria-valuenow={height}
      aria-valuemin={DETAIL_HEIGHT.min}
      aria-valuemax={DETAIL_HEIGHT.max}
      tabIndex={0}
      className="detail-splitter"
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        start.current = { y: e.clientY, height };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        // Dragging up makes the detail taller.
        if (start.current) setHeight(start.current.height + start.current.y - e.clientY);
      }}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
      onDoubleClick={() => setHeight(null)}
      onKeyDown={(e: KeyboardEvent) => {
        const next = keys[e.key];
        if (next === undefined) return;
        e.preventDefault();
        setHeight(next);
      }}
    />
  );
}
