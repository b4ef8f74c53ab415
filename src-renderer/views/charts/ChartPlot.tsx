/**
 * The drawing of one chart: a recharts line chart (grid, wall-clock X axis, one or two Y axes,
 * shaded offline gaps, or small charts when split) with one SVG path per series, redrawn by the
 * shared frame loop (drawScheduler) only when something changed and the chart is on screen. No
 * animation, no dots.
 *
 * Two speeds: recharts renders the axes only when they change (a live window slides in 1/50
 * steps, a Y axis changes when the data leaves its ticks), while the lines are written straight
 * into their paths at every redraw. recharts' own <Line> builds an object per point and measures
 * its path on every render, and re-rendering the chart per sample cost more than a frame with
 * 21 charts on screen (bench:ui); the paths sit in recharts' plot area and follow its axes.
 */
import { memo, useCallback, useEffect, useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { CartesianGrid, LineChart, ReferenceArea, XAxis, YAxis, usePlotArea } from 'recharts';
import { axisNumber, planAxes, tickLabel, timeTicks, type AxisPlan, type ValueAxis } from './axes';
import { Crosshair, type PlotSpan } from './Crosshair';
import { decimate, type SeriesPoints } from './decimate';
import { registerDrawable, type Drawable } from './drawScheduler';
import {
  fieldName,
  gapsIn,
  holdLastValues,
  linePath,
  panelsOf,
  rangeOf,
  sameAxes,
  seriesColour,
  viewRange,
  type Axes,
  type PanelAxes,
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
/** A held value is redrawn at most this often (a 10 s window would ask every 20 ms). */
const HOLD_REDRAW_MIN_MS = 50;
/** A paused or zoomed chart looks at its buffer this often (old samples may leave the ring). */
const FROZEN_REDRAW_MS = 1_000;

/** Where the paths live, filled in by the rendered chart, written by the redraws. */
interface PathRegistry {
  paths: Map<number, SVGPathElement>;
  /** Plot area of each panel, as recharts laid it out. */
  areas: PlotArea[];
  /** An area changed after the lines were written: write them again. */
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
}

const plotSpan = (axes: Axes): PlotSpan => {
  const twoAxes = axes.panels.length === 1 && axes.panels[0]!.right !== null;
  return {
    left: MARGIN.left + AXIS_WIDTH,
    right: axes.width - MARGIN.right - (twoAxes ? AXIS_WIDTH : 0),
  };
};

/** Writes each series' path from the latest points into the rendered chart. */
function paintLines(
  registry: PathRegistry,
  axes: Axes,
  series: readonly SeriesPoints[],
  input: PlotInput,
): void {
  const byField = new Map(series.map((s) => [s.field, s]));
  axes.panels.forEach((panel, i) => {
    const area = registry.areas[i];
    if (!area) return;
    for (const field of panel.fields) {
      const el = registry.paths.get(field);
      const s = byField.get(field);
      if (!el || !s) continue;
      const axis = panel.onRight.includes(field) ? panel.right! : panel.left;
      const step = input.fields[field]?.kind === 'boolean';
      el.setAttribute('d', linePath(s, area, [axes.t0, axes.t1], axis.domain, step));
    }
  });
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
  const inputRef = useRef(input);
  const [axes, setAxes] = useState<Axes | null>(null);
  const paths = useRef<PathRegistry>({ paths: new Map(), areas: [], moved: false });
  const onPath = useCallback((field: number, el: SVGPathElement | null) => {
    const r = paths.current;
    if (el) r.paths.set(field, el);
    else if (r.paths.get(field)?.isConnected === false) r.paths.delete(field);
  }, []);
  const onArea = useCallback((index: number, area: PlotArea) => {
    const r = paths.current;
    const was = r.areas[index];
    if (was && JSON.stringify(was) === JSON.stringify(area)) return;
    r.areas[index] = area;
    r.moved = true;
  }, []);
  const drawable = useRef<PlotDrawable>(null);
  drawable.current ??= {
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
    wantsDraw(now) {
      const d = drawable.current!;
      const p = inputRef.current;
      if (!d.width) return false;
      if (d.force || paths.current.moved) return true;
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
      // A live window slid a step: the axes move.
      const [t0, t1] = viewRange(p, now);
      return d.axes !== null && (d.axes.t0 !== t0 || d.axes.t1 !== t1);
    },
    draw(now) {
      const d = drawable.current!;
      const p = inputRef.current;
      d.force = false;
      paths.current.moved = false;
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
      if (!sameAxes(d.axes, next)) {
        d.axes = next;
        flushSync(() => setAxes(next));
        box.current?.setAttribute('data-axes-count', String(++d.axesDrawn));
      }
      paintLines(paths.current, d.axes!, series, p);
      // Redraws so far, for the bench and for tests that count them.
      box.current?.setAttribute('data-draw-count', String(++d.draws));
    },
  };

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

  const height = input.split ? SMALL_HEIGHT * Math.max(1, input.visible.length) : HEIGHT;
  return (
    <div className="chart-plot" ref={box} style={{ height }}>
      {axes && axes.width > 0 ? (
        <>
          <Drawing axes={axes} input={input} onPath={onPath} onArea={onArea} />
          <Crosshair axes={axes} span={plotSpan(axes)} input={input} onZoom={onZoom} />
        </>
      ) : null}
    </div>
  );
}

/** A panel's paths, clipped to its plot area; their `d` is written by the redraws. */
interface PathSinks {
  onPath: (field: number, el: SVGPathElement | null) => void;
  onArea: (index: number, area: PlotArea) => void;
}

function SeriesPaths({
  panel,
  index,
  onPath,
  onArea,
}: { panel: PanelAxes; index: number } & PathSinks) {
  const area = usePlotArea();
  const clip = useId();
  if (!area) return null;
  return (
    <g
      className="chart-lines"
      ref={(g) => {
        if (g) onArea(index, area);
      }}
    >
      <clipPath id={clip}>
        <rect x={area.x} y={area.y - 1} width={area.width} height={area.height + 2} />
      </clipPath>
      <g clipPath={`url(#${clip})`}>
        {panel.fields.map((field) => (
          <path
            key={field}
            className="chart-line"
            stroke={seriesColour(field)}
            ref={(el) => onPath(field, el)}
          />
        ))}
      </g>
    </g>
  );
}

/** The recharts tree; re-rendered only when the axes changed. */
const Drawing = memo(
  function Drawing({ axes, input, onPath, onArea }: { axes: Axes; input: PlotInput } & PathSinks) {
    const step = axes.ticks.length > 1 ? axes.ticks[1]! - axes.ticks[0]! : 1_000;
    const split = input.split;
    const xAxis = (hide: boolean) => (
      <XAxis
        xAxisId="t"
        dataKey="t"
        type="number"
        domain={[axes.t0, axes.t1]}
        allowDataOverflow
        ticks={axes.ticks}
        interval={0}
        tickFormatter={(t: number) => tickLabel(t, step)}
        height={hide ? 4 : X_AXIS_HEIGHT}
        tick={hide ? false : { fill: 'var(--text-muted)', fontSize: 11 }}
        stroke="var(--border)"
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
            {axes.gaps.map(([a, b]) => (
              <ReferenceArea
                key={`gap-${a}`}
                x1={a}
                x2={b}
                xAxisId="t"
                yAxisId="left"
                fill="var(--text-muted)"
                fillOpacity={0.12}
                ifOverflow="hidden"
              />
            ))}
            <SeriesPaths panel={panel} index={i} onPath={onPath} onArea={onArea} />
          </LineChart>
        ))}
      </>
    );
  },
  (a, b) => a.axes === b.axes,
);
