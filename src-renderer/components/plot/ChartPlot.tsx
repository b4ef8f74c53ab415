/**
 * The drawing of one chart: recharts lays out the grid and the value axes (one or two, or small
 * charts when split) and is re-rendered only when they change; the lines, the shaded offline gaps
 * and the wall-clock axis are painted on a canvas layer over it (canvasLayer.ts) by the shared
 * frame loop (drawScheduler). A live chart redraws at every frame while on screen, so it scrolls
 * smoothly and a 100 Hz stream looks live (issue 16); paused or zoomed, only when its buffer
 * changes. No animation, no dots.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import './plot.css';
import { CartesianGrid, LineChart, XAxis, YAxis, usePlotArea } from 'recharts';
import { axisNumber, planAxes, timeTicks, type AxisPlan, type ValueAxis } from './axes';
import {
  fitCanvas,
  paintChart,
  resolveColours,
  type CanvasColours,
  type PanelPlace,
} from './canvasLayer';
import { Crosshair, type PlotSpan } from './Crosshair';
import { decimate } from './decimate';
import { registerDrawable, type Drawable } from './drawScheduler';
import {
  fieldName,
  gapsIn,
  holdLastValues,
  panelsOf,
  rangeOf,
  sameValueAxes,
  viewRange,
  type Axes,
  type PlotArea,
  type PlotInput,
} from './plotModel';

export { fieldName, seriesColour, viewRange, type PlotInput } from './plotModel';

const AXIS_WIDTH = 56;
const X_AXIS_HEIGHT = 24;
/** Right margin leaves room for the last time label when there is no right axis. */
const MARGIN = { top: 10, right: 28, bottom: 0, left: 0 };
const HEIGHT = 240;
const SMALL_HEIGHT = 110;
/** Axes are re-planned at most this often, so a noisy field cannot make them flicker. */
const REPLAN_MS = 2_000;
/** A live chart redraws at most once per frame of a 60 Hz display. */
const LIVE_REDRAW_MS = 15;
/** A held value is redrawn at most this often (a 10 s window would ask every 20 ms). */
const HOLD_REDRAW_MIN_MS = 50;
/** A paused or zoomed chart looks at its buffer this often (old samples may leave the ring). */
const FROZEN_REDRAW_MS = 1_000;
/** Theme colours are read again this often (the theme may change under a chart). */
const COLOURS_MS = 2_000;

/** The plot areas recharts laid out, one per panel, filled in by the rendered chart. */
interface AreaRegistry {
  areas: PlotArea[];
  /** An area changed after the last redraw: redraw. */
  moved: boolean;
}

interface PlotDrawable extends Drawable {
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
  coloursAt: number;
}

const plotSpan = (axes: Axes): PlotSpan => {
  const twoAxes = axes.panels.length === 1 && axes.panels[0]!.right !== null;
  return {
    left: MARGIN.left + AXIS_WIDTH,
    right: axes.width - MARGIN.right - (twoAxes ? AXIS_WIDTH : 0),
  };
};

const isLive = (p: PlotInput): boolean => p.windowMs > 0 && p.pausedAt === null && !p.zoom;
const chartHeight = (p: PlotInput): number =>
  p.split ? SMALL_HEIGHT * Math.max(1, p.visible.length) : HEIGHT;

/** Each panel's plot area with its top in the chart: panels stack, each one chart high. */
const places = (r: AreaRegistry, p: PlotInput): PanelPlace[] =>
  r.areas.map((area, i) => ({ area, top: i * (p.split ? SMALL_HEIGHT : HEIGHT) }));

function newDrawable(
  input: { current: PlotInput },
  areas: { current: AreaRegistry },
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
    coloursAt: 0,
    wantsDraw(now) {
      const p = input.current;
      if (!d.width) return false;
      if (d.force || areas.current.moved) return true;
      // Live: the window moves with the clock, so every frame shows something new.
      if (isLive(p)) return now - d.lastDrawn >= LIVE_REDRAW_MS;
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
    },
    draw(now) {
      const p = input.current;
      d.force = false;
      areas.current.moved = false;
      d.version = p.buffer.version;
      const [t0, t1] = viewRange(p, now);
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
      if (!sameValueAxes(d.axes, next)) {
        // recharts lays out the value axes and the grid again; the canvas follows its areas.
        showAxes(next);
        box.current?.setAttribute('data-axes-count', String(++d.axesDrawn));
      }
      d.axes = next;
      const height = chartHeight(p);
      const ctx = canvas.current ? fitCanvas(canvas.current, d.width, height) : null;
      if (ctx && box.current) {
        if (!d.colours || now - d.coloursAt > COLOURS_MS) {
          d.colours = resolveColours(box.current);
          d.coloursAt = now;
        }
        const size = { width: d.width, height };
        paintChart(ctx, size, next, places(areas.current, p), series, p, d.colours);
      }
      // Redraws so far and the series drawn, for the bench and for tests that count them.
      box.current?.setAttribute('data-draw-count', String(++d.draws));
      box.current?.setAttribute('data-series-count', String(series.length));
    },
  };
  return d;
}

export function ChartPlot({
  input,
  onZoom,
  onCrowded,
}: {
  input: PlotInput;
  onZoom: (range: [number, number] | null) => void;
  onCrowded?: (crowded: boolean) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const inputRef = useRef(input);
  const [axes, setAxes] = useState<Axes | null>(null);
  const areas = useRef<AreaRegistry>({ areas: [], moved: false });
  const onArea = useCallback((index: number, area: PlotArea) => {
    const r = areas.current;
    const was = r.areas[index];
    if (was && JSON.stringify(was) === JSON.stringify(area)) return;
    r.areas[index] = area;
    r.moved = true;
  }, []);
  const drawable = useRef<PlotDrawable>(null);
  drawable.current ??= newDrawable(inputRef, areas, box, canvas, (next) =>
    flushSync(() => setAxes(next)),
  );

  useEffect(() => {
    inputRef.current = input;
    drawable.current!.force = true;
  }, [input]);

  useEffect(() => {
    const d = drawable.current!;
    const el = box.current!;
    const unregister = registerDrawable(d);
    const measure = (): void => {
      const w = Math.floor(el.clientWidth);
      if (w !== d.width) {
        d.width = w;
        d.force = true;
      }
    };
    measure();
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    resize?.observe(el);
    const seen =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            for (const e of entries) d.visible = e.isIntersecting;
            if (d.visible) d.force = true;
          });
    seen?.observe(el);
    return () => {
      unregister();
      resize?.disconnect();
      seen?.disconnect();
    };
  }, []);

  const crowded = axes?.crowded ?? false;
  useEffect(() => onCrowded?.(crowded), [crowded, onCrowded]);

  const shown = axes && axes.width > 0 ? axes : null;
  return (
    <div className="chart-plot" ref={box} style={{ height: chartHeight(input) }}>
      {shown ? <Drawing axes={shown} input={input} onArea={onArea} /> : null}
      <canvas ref={canvas} className="chart-canvas" aria-hidden="true" />
      {shown ? (
        <Crosshair
          axes={() => drawable.current?.axes ?? shown}
          span={plotSpan(shown)}
          input={input}
          onZoom={onZoom}
        />
      ) : null}
    </div>
  );
}

/** Reports the plot area recharts laid out for panel `index`; draws nothing itself. */
function AreaProbe({
  index,
  onArea,
}: {
  index: number;
  onArea: (index: number, area: PlotArea) => void;
}) {
  const area = usePlotArea();
  useEffect(() => {
    if (area) onArea(index, { x: area.x, y: area.y, width: area.width, height: area.height });
  });
  return null;
}

/** The recharts tree (grid and value axes); re-rendered only when those changed. */
const Drawing = memo(
  function Drawing({
    axes,
    input,
    onArea,
  }: {
    axes: Axes;
    input: PlotInput;
    onArea: (index: number, area: PlotArea) => void;
  }) {
    const split = input.split;
    // The time axis is painted on the canvas (it moves every frame); this one keeps its room.
    const xAxis = (hide: boolean) => (
      <XAxis
        xAxisId="t"
        dataKey="t"
        type="number"
        domain={[0, 1]}
        height={hide ? 4 : X_AXIS_HEIGHT}
        tick={false}
        axisLine={false}
        tickLine={false}
      />
    );
    const yAxis = (id: 'left' | 'right', axis: ValueAxis) => (
      <YAxis
        key={id}
        yAxisId={id}
        orientation={id}
        type="number"
        width={AXIS_WIDTH}
        domain={axis.domain}
        ticks={axis.ticks}
        interval={0}
        allowDataOverflow
        tickFormatter={(v: number) => axisNumber(v, axis.decimals)}
        tick={{ fill: 'var(--text-muted)', fontSize: 11 }}
        stroke="var(--border)"
      />
    );
    return (
      <>
        {axes.panels.map((panel, i) => (
          <LineChart
            key={split ? panel.fields[0] : 'one'}
            width={axes.width}
            height={split ? SMALL_HEIGHT : HEIGHT}
            margin={MARGIN}
            aria-label={
              split && panel.fields.length
                ? fieldName(input.fields[panel.fields[0]!]!, input.resource)
                : undefined
            }
          >
            <CartesianGrid stroke="var(--chart-grid)" vertical={false} xAxisId="t" yAxisId="left" />
            {xAxis(split && i < axes.panels.length - 1)}
            {yAxis('left', panel.left)}
            {panel.right ? yAxis('right', panel.right) : null}
            <AreaProbe index={i} onArea={onArea} />
          </LineChart>
        ))}
      </>
    );
  },
  (a, b) => a.axes === b.axes,
);
