/**
 * One animation-frame loop for every chart (UI.md §3.3 "Drawing"): a chart redraws at most once
 * per frame, only when visible (on screen, tab shown: hidden tabs get no frames at all) and only
 * when it has something new.
 *
 * Charts draw together, on a shared beat of 35 per second: at 60 Hz about two frames in three
 * carry every due chart's redraw and the others none. Why together: the display compositor
 * repaints, per frame, the rectangle around everything that changed in it, so charts drawing on
 * frames of their own (each paced alone) made nearly every frame repaint the whole page; on a
 * shared beat the page is repainted 35 times a second instead of 60 (bench:ui's trace: compositor
 * CPU per frame grows with the charts in it far less than the charts).
 *
 * A frame budget shared by all charts, measured: in a beat's frame the due charts draw stalest
 * first until our own time would pass the budget (each chart's cost is its measured average);
 * the rest draw in the next frame, first. The budget is a share of the measured frame interval
 * (at 60 Hz 10 ms: the frames between beats are free). A chart's `draw` here only makes its frame
 * (plotDrawable); the plot worker paints the beat's frames together (plotSurface), so a beat's
 * charts also reach the screen in one display frame.
 *
 * What it does not do (session 7's design): cut how many charts may draw when frames run late.
 * Late frames on a shared machine come mostly from elsewhere, and that back-off held 21 charts at
 * 5–15 redraws/s where the beat keeps them at 35.
 */

export interface Drawable {
  /** False while scrolled out of view: it keeps its last picture. */
  visible: boolean;
  /** Whether a redraw would change anything (new samples, window slid, settings). */
  wantsDraw(now: number): boolean;
  /** Renders synchronously. */
  draw(now: number): void;
  lastDrawn: number;
}

/** The beat: redraws per second of every live chart (issue 16 asks ≥ 30), as a period, ms. */
export const BEAT_MS = 1_000 / 35;
/** Our share of a beat's frame: the page and the browser's work on the canvases need the rest. */
const FRAME_SHARE = 0.6;
/** Budget bounds, ms: a slow frame rate must not let one frame block the page for long. */
const MIN_BUDGET_MS = 4;
export const MAX_BUDGET_MS = 12;
/** The frame interval assumed until measured (60 Hz), and how fast the measure follows. */
const FIRST_INTERVAL_MS = 1_000 / 60;
const INTERVAL_WEIGHT = 0.1;
/** Frame gaps longer than this (a hidden tab, a debugger) are not frame intervals. */
const GAP_MS = 100;
/** How fast a chart's cost estimate follows its measured redraws. */
const COST_WEIGHT = 0.2;
/** However busy the page, a visible chart that has news redraws at least this often. */
const MAX_STALE_MS = 2_000;

/** What the loop reads time and frames from: the browser's, or a test's. */
export interface FrameClock {
  /** Wall clock, ms (what charts place samples by). */
  wall(): number;
  /** Monotonic, ms (what costs are measured by). */
  mono(): number;
  request(cb: (frameTime: number) => void): number;
  cancel(id: number): void;
}

const browserClock: FrameClock = {
  wall: () => Date.now(),
  mono: () => performance.now(),
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

export interface DrawLoop {
  add(d: Drawable): () => void;
  /** Our budget for the next frame, ms (for tests and the bench). */
  budget(): number;
}

export function createDrawLoop(clock: FrameClock = browserClock): DrawLoop {
  /** Each chart with the number of the last redraw it got (0: none yet): smaller is staler. */
  const drawables = new Map<Drawable, number>();
  let turns = 0;
  /** Each chart's measured cost per redraw, ms. */
  const cost = new WeakMap<Drawable, number>();
  // Reused every frame: the loop itself allocates nothing per frame.
  const due: Drawable[] = [];
  let frame = 0;
  let previous = 0;
  /** When the next beat is due (frame time), and whether the last one left charts undrawn. */
  let nextBeat = 0;
  let unfinished = false;
  let interval = FIRST_INTERVAL_MS;
  const budget = (): number =>
    Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, interval * FRAME_SHARE));
  // By turn, not by time: charts drawn in the same frame keep the order they were drawn in.
  const stalestFirst = (a: Drawable, b: Drawable): number =>
    (drawables.get(a) ?? 0) - (drawables.get(b) ?? 0);

  function tick(frameTime: number): void {
    frame = 0;
    const gap = frameTime - previous;
    if (previous > 0 && gap > 0 && gap < GAP_MS) interval += (gap - interval) * INTERVAL_WEIGHT;
    previous = frameTime;
    if (!unfinished) {
      if (frameTime < nextBeat) return schedule();
      // Late by more than a beat (a slow frame): start again from now instead of a burst.
      nextBeat = nextBeat + BEAT_MS < frameTime ? frameTime + BEAT_MS : nextBeat + BEAT_MS;
    }
    const now = clock.wall();
    due.length = 0;
    for (const d of drawables.keys()) if (d.visible && d.wantsDraw(now)) due.push(d);
    due.sort(stalestFirst);
    const limit = budget();
    const start = clock.mono();
    let spent = 0;
    let drawn = 0;
    unfinished = false;
    for (const d of due) {
      const expected = cost.get(d) ?? 0;
      const starving = now - d.lastDrawn > MAX_STALE_MS;
      // Stalest first, so whoever does not fit now is first in the next frame.
      if (drawn > 0 && !starving && spent + expected > limit) {
        unfinished = true;
        break;
      }
      const before = clock.mono();
      d.draw(now);
      d.lastDrawn = now;
      drawables.set(d, ++turns);
      const took = clock.mono() - before;
      cost.set(d, expected ? expected + (took - expected) * COST_WEIGHT : took);
      spent = clock.mono() - start;
      drawn++;
    }
    due.length = 0;
    schedule();
  }

  function schedule(): void {
    if (!frame && drawables.size) frame = clock.request(tick);
  }

  return {
    add(d) {
      drawables.set(d, 0);
      schedule();
      return () => {
        drawables.delete(d);
        if (!drawables.size && frame) {
          clock.cancel(frame);
          frame = 0;
          previous = 0;
          nextBeat = 0;
          unfinished = false;
        }
      };
    },
    budget,
  };
}

const shared = createDrawLoop();

/** Adds a chart to the page's loop; the returned function removes it. */
export const registerDrawable = (d: Drawable): (() => void) => shared.add(d);
