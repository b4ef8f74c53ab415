/**
 * One animation-frame loop for every chart (UI.md §3.3 "Drawing"): a chart redraws at most once
 * per frame, only when visible (on screen, tab shown: hidden tabs get no frames at all) and only
 * when it has something new. Each frame spends at most a budget on redraws, stalest chart first,
 * so twenty fast charts share the frame instead of freezing the page; a chart that did not fit
 * waits for the next frame.
 */

export interface Drawable {
  /** False while scrolled out of view: it keeps its last picture. */
  visible: boolean;
  /** Whether a redraw would change anything (new samples, window slid a pixel, settings). */
  wantsDraw(now: number): boolean;
  /** Renders synchronously (the scheduler measures it). */
  draw(now: number): void;
  lastDrawn: number;
}

/** Most redraw work per frame: the rest of a 16.7 ms frame is the browser's (layout, paint). */
export const FRAME_BUDGET_MS = 6;
/** Below this the frame draws nothing (unless a chart starves): frames need to catch up. */
const MIN_BUDGET_MS = 1;
/** A frame this long after the previous one was late: rendering needs more of the frame. */
const LATE_FRAME_MS = 21;
/** However busy the page, a visible chart that has news redraws at least this often. */
const MAX_STALE_MS = 1_000;

const drawables = new Set<Drawable>();
let frame = 0;
let draws = 0;
let budget = FRAME_BUDGET_MS;
let previousFrame = 0;

/** Redraws done so far. */
export const drawCount = (): number => draws;

function tick(frameTime: number): void {
  frame = 0;
  // The budget adapts to what the frame rate says, as TCP's window does to losses: a late frame
  // halves it, each frame on time gives a little back. The JS we time is only part of a redraw's
  // cost; the layout and paint that follow show up as late frames.
  const late = previousFrame > 0 && frameTime - previousFrame > LATE_FRAME_MS;
  previousFrame = frameTime;
  budget = late ? budget / 2 : Math.min(FRAME_BUDGET_MS, budget + 0.25);
  const now = Date.now();
  const due = [...drawables]
    .filter((d) => d.visible && d.wantsDraw(now))
    .sort((a, b) => a.lastDrawn - b.lastDrawn);
  const start = performance.now();
  for (const d of due) {
    const spent = performance.now() - start;
    const starving = now - d.lastDrawn > MAX_STALE_MS;
    if (!starving && (budget < MIN_BUDGET_MS || spent >= budget)) break;
    d.draw(now);
    d.lastDrawn = now;
    draws++;
  }
  schedule();
}

function schedule(): void {
  if (!frame && drawables.size) frame = requestAnimationFrame(tick);
}

/** Adds a chart to the loop; the returned function removes it. */
export function registerDrawable(d: Drawable): () => void {
  drawables.add(d);
  schedule();
  return () => {
    drawables.delete(d);
    if (!drawables.size && frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
  };
}
