/**
 * The plot worker (plotSurface.ts): owns every chart canvas handed over by the page and paints the
 * frames the page sends, one message per beat of the draw loop. Each canvas commits its picture to
 * the compositor when the message's task ends. It answers which frames it painted, which is what
 * a chart's redraw counter counts.
 */
import { backdropStale, paintFrame, paintFrameBackdrop, sizeCanvas, type Frame } from './plotFrame';

export type ToPlotWorker =
  | { attach: number; canvas: OffscreenCanvas }
  | { detach: number }
  | { frames: { id: number; frame: Frame }[] };

export type FromPlotWorker =
  /** Sent once, when the worker runs: canvases may be handed over. */
  | { ready: true }
  /** Per frame answered, in order: the chart's id and whether it was painted. */
  | { painted: [number, boolean][] };

interface Held {
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D | null;
  backdrop: OffscreenCanvas;
  back: OffscreenCanvasRenderingContext2D | null;
}

const held = new Map<number, Held>();

function paint(chart: Held, frame: Frame): boolean {
  sizeCanvas(chart.canvas, frame);
  // Opaque: the chart paints its own background, so the compositor copies it without blending.
  chart.ctx ??= chart.canvas.getContext('2d', { alpha: false });
  chart.back ??= chart.backdrop.getContext('2d');
  if (!chart.ctx || !chart.back) return false;
  if (backdropStale(chart.backdrop, frame)) paintFrameBackdrop(chart.backdrop, chart.back, frame);
  paintFrame(chart.ctx, chart.backdrop, frame);
  return true;
}

/** The newest frame of each chart not yet painted; a newer one replaces it, unpainted. */
const pending = new Map<number, Frame>();
let replaced: number[] = [];
let scheduled = false;

/**
 * Paints at the worker's animation frame, in step with the display: every canvas painted there
 * reaches the screen in that frame (and all of a beat's charts in the same one), so a counted
 * redraw is one the user sees. A frame the display had no room for is replaced by the next.
 */
function paintPending(): void {
  scheduled = false;
  const painted: [number, boolean][] = replaced.map((id) => [id, false]);
  replaced = [];
  for (const [id, frame] of pending) {
    const chart = held.get(id);
    painted.push([id, chart ? paint(chart, frame) : false]);
  }
  pending.clear();
  const reply: FromPlotWorker = { painted };
  self.postMessage(reply);
}

const nextFrame: (cb: () => void) => void =
  typeof self.requestAnimationFrame === 'function'
    ? (cb) => self.requestAnimationFrame(cb)
    : (cb) => setTimeout(cb);

self.onmessage = (e: MessageEvent<ToPlotWorker>) => {
  const m = e.data;
  if ('attach' in m)
    held.set(m.attach, {
      canvas: m.canvas,
      ctx: null,
      backdrop: new OffscreenCanvas(1, 1),
      back: null,
    });
  else if ('detach' in m) {
    held.delete(m.detach);
    pending.delete(m.detach);
  } else {
    for (const { id, frame } of m.frames) {
      const older = pending.get(id);
      if (older) {
        replaced.push(id);
        // The backdrop the older frame asked for is still due.
        frame.newBackdrop ||= older.newBackdrop;
      }
      pending.set(id, frame);
    }
    if (!scheduled) {
      scheduled = true;
      nextFrame(paintPending);
    }
  }
};

const ready: FromPlotWorker = { ready: true };
self.postMessage(ready);
