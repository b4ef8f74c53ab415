/**
 * A chart's part in the shared frame loop (drawScheduler): whether it has something new to show
 * and, when the loop lets it, the redraw: decimate the window's samples, plan the value axes
 * (the backdrop with them is repainted only when they change) and hand the frame (lines, gaps,
 * time axis, in pixels) to the chart's surface, which paints it on the canvas: in the plot
 * worker, or on the page where there is none (plotSurface.ts). New samples reach it through the buffer; React is not involved
 * per redraw (only when the value axes change, for the crosshair's span and the crowded hint).
 */
import { planAxes, timeTicks, type AxisPlan } from './axes';
import { currentColours, frameOf, resolveColours, staleColours } from './canvasLayer';
import type { CanvasColours } from './plotFrame';
import { backgroundOf } from './backdrop';
import { decimate } from './decimate';
import type { Drawable } from './drawScheduler';
import { surfaceFor, type PlotSurface } from './plotSurface';
import { AXIS_WIDTH, MARGIN, chartHeight, places } from './plotLayout';
import {
  gapsIn,
  holdLastValues,
  panelsOf,
  rangeOf,
  sameValueAxes,
  viewRange,
  type Axes,
  type PlotInput,
} from './plotModel';

/** Axes are re-planned at most this often, so a noisy field cannot make them flicker. */
const REPLAN_MS = 2_000;
/** A held value is redrawn at most this often (a 10 s window would ask every 20 ms). */
const HOLD_REDRAW_MIN_MS = 50;
/** A paused or zoomed chart looks at its buffer this often (old samples may leave the ring). */
const FROZEN_REDRAW_MS = 1_000;

export interface PlotDrawable extends Drawable {
  force: boolean;
  width: number;
  version: number;
  draws: number;
  axesDrawn: number;
  plannedAt: number;
  plan: AxisPlan | null;
  planKey: string;
  axes: Axes | null;
  colours: CanvasColours | null;
  /** Where the frames are painted (opened at the first redraw, for the canvas then shown). */
  surface: PlotSurface | null;
  /** Background, grid and value axes must be painted again (backdrop.ts). */
  backdropStale: boolean;
  /** The colour behind the chart, as last read. */
  background: string;
  /** What the last painted picture was made of: the same again is no redraw (see `draw`). */
  painted: Picture;
}

/** Everything a chart's picture depends on; equal pictures are not painted or counted twice. */
interface Picture {
  t0: number;
  t1: number;
  version: number;
  width: number;
  input: PlotInput | null;
  colours: CanvasColours | null;
}

const samePicture = (a: Picture, b: Picture): boolean =>
  a.t0 === b.t0 &&
  a.t1 === b.t1 &&
  a.version === b.version &&
  a.width === b.width &&
  a.input === b.input &&
  a.colours === b.colours;

const isLive = (p: PlotInput): boolean => p.windowMs > 0 && p.pausedAt === null && !p.zoom;

export function newDrawable(
  input: { current: PlotInput },
  box: { current: HTMLDivElement | null },
  canvas: { current: HTMLCanvasElement | null },
  showAxes: (axes: Axes) => void,
): PlotDrawable {
  const d: PlotDrawable = {
    visible: true,
    lastDrawn: 0,
    draws: 0,
    axesDrawn: 0,
    force: true,
    width: 0,
    version: -1,
    plannedAt: 0,
    plan: null,
    planKey: '',
    axes: null,
    colours: null,
    surface: null,
    backdropStale: true,
    background: '',
    painted: { t0: NaN, t1: NaN, version: -1, width: 0, input: null, colours: null },
    wantsDraw: (now) => wantsRedraw(d, input.current, now),
    draw(now) {
      const p = input.current;
      d.force = false;
      d.version = p.buffer.version;
      const [t0, t1] = viewRange(p, now);
      // A redraw is a new picture: the same range, samples, size, settings and colours would
      // paint the same pixels, so it is neither painted nor counted (the bench's redraws/s and
      // the tests' counts are real redraws, however often the loop asks).
      const picture = { t0, t1, version: p.buffer.version, width: d.width, input: p };
      if (samePicture(d.painted, { ...picture, colours: currentColours() })) return;
      const { series, next } = layOut(d, p, now, t0, t1);
      if (!sameValueAxes(d.axes, next)) {
        // New value axes: the backdrop is painted again, the crosshair hears of the new span.
        d.backdropStale = true;
        showAxes(next);
        if (box.current) markAxes(box.current, next, ++d.axesDrawn);
      }
      d.axes = next;
      const el = box.current;
      if (!canvas.current || !el) return;
      if (!d.surface) {
        d.surface = surfaceFor(canvas.current);
        // The plot worker is starting: the first paint waits for it (asked again next beat).
        if (!d.surface) {
          d.force = true;
          return;
        }
        el.setAttribute('data-painter', d.surface.painter);
      }
      const frame = frameOf(
        { width: d.width, height: chartHeight(p) },
        next,
        places(next, p),
        series,
        p,
        look(d, el),
      );
      d.painted = { ...picture, colours: d.colours };
      const drawn = series.length;
      d.surface.paint(frame, () => {
        // Redraws painted so far and the series drawn, for the bench and for tests that count them.
        el.setAttribute('data-draw-count', String(++d.draws));
        el.setAttribute('data-series-count', String(drawn));
      });
    },
  };
  return d;
}

/** Whether a redraw now would show something new (the loop's `wantsDraw`). */
function wantsRedraw(d: PlotDrawable, p: PlotInput, now: number): boolean {
  if (!d.width) return false;
  if (d.force || staleColours(d.colours)) return true;
  // Live: the window moves with the clock, so every beat of the loop shows something new.
  if (isLive(p)) return true;
  // A held value grows with the clock, at a pixel's worth of time.
  if (p.holdLast && p.pausedAt === null && !p.zoom && d.axes) {
    const pixelMs = (d.axes.t1 - d.axes.t0) / Math.max(1, d.width);
    if (now - d.lastDrawn >= Math.max(pixelMs, HOLD_REDRAW_MIN_MS)) return true;
  }
  if (p.buffer.version !== d.version) {
    // Paused or zoomed, new samples fall outside the view; the ring may still drop old ones.
    const frozen = p.pausedAt !== null || p.zoom !== null;
    if (!frozen || now - d.lastDrawn > FROZEN_REDRAW_MS) return true;
  }
  // Showing everything buffered, the window slid a step.
  const [t0, t1] = viewRange(p, now);
  return d.axes !== null && (d.axes.t0 !== t0 || d.axes.t1 !== t1);
}

/** The window's series, decimated to the plot's width, and the axes they are drawn on. */
function layOut(d: PlotDrawable, p: PlotInput, now: number, t0: number, t1: number) {
  const right = !p.split && d.plan !== null && d.plan.right.length > 0;
  const plotWidth = Math.max(10, d.width - MARGIN.right - AXIS_WIDTH * (right ? 2 : 1));
  const series = decimate(p.buffer, p.visible, t0, t1, plotWidth);
  if (p.holdLast) holdLastValues(series, Math.min(p.pausedAt ?? now, t1));
  const key = p.visible.join(',') + (p.split ? 's' : '');
  if (!d.plan || d.planKey !== key || now - d.plannedAt > REPLAN_MS) {
    d.plan = planAxes(series.map((s) => rangeOf(s, t0, t1)));
    d.planKey = key;
    d.plannedAt = now;
  }
  const next: Axes = {
    t0,
    t1,
    width: d.width,
    ticks: timeTicks(t0, t1, plotWidth),
    panels: panelsOf(series, d.plan, p.split, t0, t1),
    gaps: gapsIn(p.buffer, t0, t1),
    crowded: d.plan.crowded,
  };
  return { series, next };
}

/** New value axes on the plot box: how many so far and their ranges, panel by panel, for tests. */
function markAxes(el: HTMLElement, axes: Axes, count: number): void {
  el.setAttribute('data-axes-count', String(count));
  // Left, then right when there is one.
  el.setAttribute(
    'data-value-axes',
    axes.panels
      .flatMap((panel) => [panel.left, ...(panel.right ? [panel.right] : [])])
      .map((axis) => axis.domain.join(' '))
      .join(', '),
  );
}

/** The theme's colours and background, and whether the backdrop must be painted again. */
function look(d: PlotDrawable, el: HTMLElement) {
  const colours = resolveColours(el);
  const newBackdrop = d.backdropStale || colours !== d.colours;
  d.backdropStale = false;
  d.colours = colours;
  // Read again only with new colours or axes: it costs a style lookup up the tree.
  if (newBackdrop || !d.background) d.background = backgroundOf(el);
  return { colours, newBackdrop, background: d.background };
}
