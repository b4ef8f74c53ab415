/**
 * One animation-frame loop for every chart (UI.md §3.3 "Drawing"): a chart redraws at most once
 * per frame, only when visible (on screen, tab shown: hidden tabs get no frames at all) and only
 * when it has something new, stalest chart first.
 *
 * How many redraws a frame may hold adapts to the frame rate, as TCP's window adapts to losses:
 * every quarter second, more than 15 % of frames late cuts the allowance by 30 %, fewer adds a
 * little back (a few late frames come from the rest of the page or the machine and are no reason
 * to stop drawing). Where it settles depends on cut against recovery: a milder cut (15 %, tried)
 * settles at a higher share of late frames, i.e. buys redraws with frame rate, so the page's
 * 50 fps is kept by the 30 % cut; charts get more redraws by costing less each. Most of a redraw's cost
 * is the browser's (raster of the new paths) after our code has returned, so the frame rate, not
 * a timer around our code, is the measure; a JS-time cap per frame still bounds the worst case.
 * Twenty fast charts then share the frames instead of freezing the page: each chart redraws less
 * often, the page stays fluid.
 */

export interface Drawable {
  /** False while scrolled out of view: it keeps its last picture. */
  visible: boolean;
  /** Whether a redraw would change anything (new samples, window slid a pixel, settings). */
  wantsDraw(now: number): boolean;
  /** Renders synchronously. */
  draw(now: number): void;
  lastDrawn: number;
}

/** A frame this long after the previous one was late (a missed vsync at 60 Hz). */
const LATE_FRAME_MS = 21;
/** Frames judged together (a quarter second at 60 Hz). */
const JUDGED_FRAMES = 15;
/** More late frames than this share cut the allowance: about 51 frames per second or better. */
const LATE_SHARE = 0.15;
const CUT = 0.7;
/** Given back per judgement on time: one more redraw per frame each second. */
const RECOVERY = 1;
/**
 * Redraws per frame at most, and to start with: enough for every live chart of a full page (the
 * bench's 21) at each frame, now that a redraw only repaints a canvas.
 */
const MAX_PER_FRAME = 32;
/** At least: one redraw every 20 frames. */
const MIN_PER_FRAME = 0.05;
/** Our own work per frame at most, whatever the allowance. */
export const FRAME_BUDGET_MS = 8;
/** However busy the page, a visible chart that has news redraws at least this often. */
const MAX_STALE_MS = 2_000;

const drawables = new Set<Drawable>();
let frame = 0;
let allowance = MAX_PER_FRAME;
let credit = 0;
let previousFrame = 0;
let judged = 0;
let lateFrames = 0;

function tick(frameTime: number): void {
  frame = 0;
  if (previousFrame > 0) {
    judged++;
    if (frameTime - previousFrame > LATE_FRAME_MS) lateFrames++;
  }
  previousFrame = frameTime;
  if (judged >= JUDGED_FRAMES) {
    allowance =
      lateFrames / judged > LATE_SHARE
        ? Math.max(MIN_PER_FRAME, allowance * CUT)
        : Math.min(MAX_PER_FRAME, allowance + RECOVERY);
    judged = lateFrames = 0;
  }
  // Unused credit does not pile up into a burst.
  credit = Math.min(Math.max(1, allowance), credit + allowance);
  const now = Date.now();
  const due = [...drawables]
    .filter((d) => d.visible && d.wantsDraw(now))
    .sort((a, b) => a.lastDrawn - b.lastDrawn);
  const start = performance.now();
  for (const d of due) {
    const starving = now - d.lastDrawn > MAX_STALE_MS;
    if (!starving && (credit < 1 || performance.now() - start > FRAME_BUDGET_MS)) break;
    credit = Math.max(0, credit - 1);
    d.draw(now);
    d.lastDrawn = now;
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
