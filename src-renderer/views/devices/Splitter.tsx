/** The handle between the tree and the detail (UI.md §2: the list is resizable, 300 px). */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { messages } from '../../messages';
import { LIST_WIDTH, setListWidth, useDevices } from '../../state/devices';

const KEY_STEP = 16;

export function Splitter() {
  const width = useDevices((s) => s.listWidth);
  const drag = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    drag.current = { x: e.clientX, width };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent): void => {
    if (drag.current) setListWidth(drag.current.width + e.clientX - drag.current.x);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowLeft') setListWidth(width - KEY_STEP);
    else if (e.key === 'ArrowRight') setListWidth(width + KEY_STEP);
    else if (e.key === 'Home') setListWidth(LIST_WIDTH.min);
    else if (e.key === 'End') setListWidth(LIST_WIDTH.max);
    else return;
    e.preventDefault();
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={messages.devices.resize}
      aria-valuenow={width}
      aria-valuemin={LIST_WIDTH.min}
      aria-valuemax={LIST_WIDTH.max}
      tabIndex={0}
      className="devices-splitter"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => setListWidth(LIST_WIDTH.initial)}
      onKeyDown={onKeyDown}
    />
  );
}
