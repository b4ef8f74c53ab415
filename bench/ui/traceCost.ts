/**
 * Where a chart redraw's cost goes, read from a timeline trace (bench:ui, BENCH_UI_TRACE): CPU
 * time per thread (each task's own thread time, so a busy machine's waiting is not counted) per
 * chart redraw, and the page layouts. fps on a shared 2-core machine moves with the neighbours'
 * load; CPU per redraw does not, so old and new renderers compare by it in one run.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; beginData?: { partialLayout?: boolean } };
}

export interface TraceCost {
  /** CPU ms per thread kind over the trace (renderer main, compositor, Viz, raster workers). */
  cpuMs: Record<string, number>;
  layouts: number;
  /** Layouts of the whole page (not inside a relayout boundary). */
  fullLayouts: number;
  layoutMs: number;
  /** The page's animation frames (its rAF callbacks) and the display compositor's draws. */
  animationFrames: number;
  displayDraws: number;
  /** CPU ms of those draws: the display compositor repainting what changed on screen. */
  displayDrawMs: number;
}

/** Thread names without their number ("ThreadPoolForegroundWorker3" → one kind). */
const kind = (name: string): string => name.replace(/\d+$/, '');
const KINDS = [
  'CrRendererMain',
  'DedicatedWorker thread',
  'VizCompositorThread',
  'Compositor',
  'ThreadPoolForegroundWorker',
];

export function traceCost(file: string): TraceCost {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name)
      names.set(`${e.pid}:${e.tid}`, kind(e.args.name));
  const byThread = new Map<string, TraceEvent[]>();
  let layouts = 0;
  let fullLayouts = 0;
  let layoutMs = 0;
  let animationFrames = 0;
  let displayDraws = 0;
  let displayDrawMs = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    // The page's own frames (the plot worker has animation frames of its own).
    if (e.name === 'FireAnimationFrame' && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
      animationFrames++;
    if (e.name === 'Display::DrawAndSwap') {
      displayDraws++;
      displayDrawMs += (e.tdur ?? e.dur) / 1_000;
    }
    const key = `${e.pid}:${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
    if (e.name === 'Layout') {
      layouts++;
      layoutMs += e.dur / 1_000;
      if (e.args?.beginData?.partialLayout === false) fullLayouts++;
    }
  }
  const cpuMs: Record<string, number> = {};
  for (const [key, list] of byThread) {
    const name = names.get(key);
    if (!name || !KINDS.includes(name)) continue;
    // Top-level events only: nested ones are already inside their parent's time.
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let end = -1;
    for (const e of list) {
      if (e.ts < end) continue;
      cpuMs[name] = (cpuMs[name] ?? 0) + (e.tdur ?? e.dur!) / 1_000;
      end = e.ts + e.dur!;
    }
  }
  return { cpuMs, layouts, fullLayouts, layoutMs, animationFrames, displayDraws, displayDrawMs };
}

export function describeTraceCost(cost: TraceCost, redraws: number, seconds: number): string {
  const per = (ms: number | undefined): string => ((ms ?? 0) / Math.max(1, redraws)).toFixed(2);
  const c = cost.cpuMs;
  return (
    `trace ${seconds} s: ${redraws} redraws; CPU ms per redraw: page main ${per(c.CrRendererMain)}, ` +
    `plot worker ${per(c['DedicatedWorker thread'])}, compositor ${per(c.Compositor)}, Viz ${per(c.VizCompositorThread)}, raster ${per(c.ThreadPoolForegroundWorker)}; ` +
    `page CPU ms/s: main ${((c.CrRendererMain ?? 0) / seconds).toFixed(0)}, Viz ${((c.VizCompositorThread ?? 0) / seconds).toFixed(0)}; ` +
    `page main CPU ms per animation frame ${((c.CrRendererMain ?? 0) / Math.max(1, cost.animationFrames)).toFixed(1)} (${cost.animationFrames} frames); ` +
    `Viz CPU ms per display draw ${(cost.displayDrawMs / Math.max(1, cost.displayDraws)).toFixed(1)} (${cost.displayDraws} draws); ` +
    `layouts ${cost.layouts} (${cost.fullLayouts} of the whole page, ${cost.layoutMs.toFixed(0)} ms)`
  );
}
