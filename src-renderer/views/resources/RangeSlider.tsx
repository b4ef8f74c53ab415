/**
 * The slider of a number actuator with a known range (UI.md §3.4): it shows what the device
 * reported (or where it is being moved), sends on release or 300 ms after the last key press,
 * and marks the pending target.
 */
import { useEffect, useRef, useState } from 'react';
import { messages } from '../../messages';

const t = messages.device;

/** UI.md §3.4: a slider moved by keys sends this long after the last key press. */
const SLIDER_KEY_DEBOUNCE_MS = 300;

export interface Range {
  min: number;
  max: number;
}

const pct = (v: number, r: Range): number =>
  Math.min(100, Math.max(0, ((v - r.min) / (r.max - r.min)) * 100));

/** Where the slider stands while moved, and `send`, which stops the key timer and sends. */
function useSliderSend(onSend: (v: number) => void) {
  const [moving, setMoving] = useState<number | null>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dragging = useRef(false);
  useEffect(() => () => clearTimeout(keyTimer.current), []);
  const send = (v: number): void => {
    clearTimeout(keyTimer.current);
    setMoving(null);
    onSend(v);
  };
  const move = (v: number): void => {
    setMoving(v);
    clearTimeout(keyTimer.current);
    // Dragging sends on release; keys send once they stop.
    if (!dragging.current) keyTimer.current = setTimeout(() => send(v), SLIDER_KEY_DEBOUNCE_MS);
  };
  const drag = (down: boolean): void => {
    dragging.current = down;
  };
  return { moving, send, move, drag };
}

export function RangeSlider({
  label,
  range,
  step,
  reported,
  ghost,
  armed,
  enabled,
  onSend,
}: {
  label: string;
  range: Range;
  step: number;
  /** What the device reported, or null when not known yet (the slider waits for it). */
  reported: number | null;
  /** The target of the pending change, if any. */
  ghost: number | null;
  armed: boolean;
  enabled: boolean;
  onSend: (v: number) => void;
}) {
  const { moving, send, move, drag } = useSliderSend(onSend);
  const shown = moving ?? reported ?? range.min;
  return (
    <div className="rp-slider">
      <input
        type="range"
        className={armed ? 'pf-slider pf-slider-armed' : 'pf-slider'}
        aria-label={label}
        min={range.min}
        max={range.max}
        step={step}
        aria-valuemin={range.min}
        aria-valuemax={range.max}
        aria-valuenow={shown}
        value={shown}
        disabled={!enabled || reported === null}
        onChange={(e) => move(Number(e.target.value))}
        onPointerDown={() => drag(true)}
        onPointerUp={(e) => {
          drag(false);
          send(Number(e.currentTarget.value));
        }}
      />
      {ghost !== null ? (
        <span
          className="rp-ghost-mark"
          style={{ left: `${pct(ghost, range)}%` }}
          aria-hidden="true"
        />
      ) : null}
      <span className="rp-range muted">
        {t.actuator.range(String(range.min), String(range.max))}
      </span>
    </div>
  );
}
