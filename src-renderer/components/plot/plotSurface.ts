/**
 * Where a chart's frames are painted (issue 16: 21 live charts at ≥ 30 redraws/s and ≥ 50 fps).
 * In the browser each chart's canvas is handed to one shared plot worker (plotWorker.ts) with
 * transferControlToOffscreen: the page's thread only makes the frames (plotDrawable), and the
 * rastering, the copy of the bitmap for the compositor and its hand-over, ~2/3 of the page's
 * time per redraw in bench:ui's trace, run beside it. A redraw counts when the worker says it
 * painted it. Without workers or OffscreenCanvas (jsdom in tests) it paints on the page, the same
 * paint code (plotFrame.ts).
 */
import { fitCanvas } from './canvasLayer';
import { backdropStale, paintFrame, paintFrameBackdrop, type Frame } from './plotFrame';
import type { FromPlotWorker, ToPlotWorker } from './plotWorker';

export interface PlotSurface {
  /** Who paints: the plot worker or the page's own thread (the plot box says so, for tests). */
  readonly painter: 'worker' | 'page';
  /** Paints `frame`; `painted` runs once it is on the canvas (now, or when the worker says so). */
  paint(frame: Frame, painted: () => void): void;
  /** The canvas is gone: let go of everything held for it. */
  release(): void;
}

/** Paints on the page's thread: a 2D context on the canvas and a backdrop canvas beside it. */
export class PageSurface implements PlotSurface {
  readonly painter = 'page';
  readonly backdrop = document.createElement('canvas');

  constructor(private readonly canvas: HTMLCanvasElement) {}

  paint(frame: Frame, painted: () => void): void {
    const ctx = fitCanvas(this.canvas, frame.width, frame.height);
    if (!ctx) return;
    if (backdropStale(this.backdrop, frame)) {
      const back = this.backdrop.getContext('2d');
      if (!back) return;
      paintFrameBackdrop(this.backdrop, back, frame);
    }
    paintFrame(ctx, this.backdrop, frame);
    painted();
  }

  release(): void {}
}

/** Frames of one chart sent and not yet answered, at most (the worker answers each display frame). */
const MAX_IN_FLIGHT = 8;

/** How long the worker may take to start before the charts paint on the page instead, ms. */
const START_MS = 2_000;

/**
 * The one worker every chart of the page paints in, started with the first chart. A canvas is
 * handed over only once the worker said it runs: one that failed to load (a page that forbids
 * workers) would otherwise leave its charts blank; then they paint on the page.
 */
let worker: Worker | null = null;
let state: 'none' | 'starting' | 'ready' | 'failed' = 'none';
let startedAt = 0;
let nextId = 1;
const surfaces = new Map<number, WorkerSurface>();
/** Frames of this task (one beat of the draw loop), sent together in one message. */
let batch: { id: number; frame: Frame }[] = [];

function startWorker(): void {
  state = 'starting';
  startedAt = performance.now();
  try {
    worker = new Worker(new URL('./plotWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    state = 'failed';
    return;
  }
  worker.onerror = () => {
    if (state === 'starting') state = 'failed';
  };
  worker.onmessage = (e: MessageEvent<FromPlotWorker>) => {
    if ('ready' in e.data) {
      if (state === 'starting') state = 'ready';
    } else for (const [id, ok] of e.data.painted) surfaces.get(id)?.done(ok);
  };
}

/** The worker once it runs; null while it starts; 'page' when charts must paint on the page. */
function readyWorker(canvas: HTMLCanvasElement): Worker | null | 'page' {
  if (typeof Worker !== 'function' || typeof canvas.transferControlToOffscreen !== 'function')
    return 'page';
  if (state === 'none') startWorker();
  if (state === 'starting' && performance.now() - startedAt > START_MS) state = 'failed';
  if (state === 'failed' || !worker) return 'page';
  return state === 'ready' ? worker : null;
}

const post = (message: ToPlotWorker, transfer: Transferable[] = []): void =>
  worker?.postMessage(message, transfer);

function flush(): void {
  const frames = batch;
  batch = [];
  post(
    { frames },
    frames.flatMap(({ frame }) => frame.lines.map((l) => l.path.buffer)),
  );
}

/** A canvas whose pixels the plot worker owns; the page keeps only its CSS size. */
class WorkerSurface implements PlotSurface {
  readonly painter = 'worker';
  private readonly id = nextId++;
  /** Callbacks of the frames sent and not yet painted, oldest first. */
  private readonly waiting: (() => void)[] = [];
  /** A frame not sent (too many in flight) asked for a new backdrop: the next one does. */
  private owedBackdrop = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    offscreen: OffscreenCanvas,
  ) {
    surfaces.set(this.id, this);
    post({ attach: this.id, canvas: offscreen }, [offscreen]);
  }

  paint(frame: Frame, painted: () => void): void {
    const style = this.canvas.style;
    if (style.width !== `${frame.width}px`) style.width = `${frame.width}px`;
    if (style.height !== `${frame.height}px`) style.height = `${frame.height}px`;
    // Bounded: a worker that stopped answering (its frames held back) gets no more frames.
    if (this.waiting.length >= MAX_IN_FLIGHT) {
      this.owedBackdrop ||= frame.newBackdrop;
      return;
    }
    frame.newBackdrop ||= this.owedBackdrop;
    this.owedBackdrop = false;
    this.waiting.push(painted);
    if (!batch.length) queueMicrotask(flush);
    batch.push({ id: this.id, frame });
  }

  done(ok: boolean): void {
    const painted = this.waiting.shift();
    if (ok) painted?.();
  }

  release(): void {
    surfaces.delete(this.id);
    this.waiting.length = 0;
    post({ detach: this.id });
  }
}

/** Canvases already handed to the worker (a canvas can be handed over only once). */
const handed = new WeakMap<HTMLCanvasElement, PlotSurface>();

/**
 * The surface for a chart's canvas: the worker's where the browser can, else the page's; null
 * while the worker starts (the chart waits a beat or two before its first paint).
 */
export function surfaceFor(canvas: HTMLCanvasElement): PlotSurface | null {
  const known = handed.get(canvas);
  if (known) return known;
  const ready = readyWorker(canvas);
  if (ready === null) return null;
  let surface: PlotSurface;
  try {
    surface =
      ready === 'page'
        ? new PageSurface(canvas)
        : new WorkerSurface(canvas, canvas.transferControlToOffscreen());
  } catch {
    // Already drawn on by the page (a context exists): paint here.
    surface = new PageSurface(canvas);
  }
  handed.set(canvas, surface);
  return surface;
}

/**
 * Lets go of the canvas's surface once the canvas has left the page (React may unmount and mount
 * an effect again on the same canvas, which can be handed over only once).
 */
export function releaseSurface(canvas: HTMLCanvasElement): void {
  if (canvas.isConnected) return;
  handed.get(canvas)?.release();
  handed.delete(canvas);
}
