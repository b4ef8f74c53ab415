/**
 * The chart's canvas on the page's side (issue 16 "live charts that are live"): the theme's
 * colours, read once for every chart; the canvas sized to its CSS box; and each redraw made into
 * a frame (plotFrame.ts: lines traced to pixels, time labels formatted) for whoever paints it.
 * One opaque canvas per chart: the display compositor copies it without blending anything beneath.
 */
import { present } from '@contract/present';
import { tickLabel } from './axes';
import type { SeriesPoints } from './decimate';
import type { CanvasColours, Frame, LineTrace, PanelPlace, TimeTick } from './plotFrame';
import { traceLine, type Axes, type PlotArea, type PlotInput } from './plotModel';

const SERIES_TOKENS = 6;

/** Reads the tokens through a probe element, so `light-dark()` resolves to the theme shown. */
function readColours(host: HTMLElement): CanvasColours {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.appendChild(probe);
  const read = (token: string): string => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color || '#888';
  };
  const series = Array.from({ length: SERIES_TOKENS }, (_, i) => read(`--series-${i + 1}`));
  const colours = {
    series,
    muted: read('--text-muted'),
    border: read('--border'),
    grid: read('--chart-grid'),
  };
  probe.remove();
  return colours;
}

/**
 * The theme's colours, read once for every chart and again only when the theme changes (the
 * user's choice on <html>, or the system's light/dark): reading them costs a style recalculation
 * of the page, which 21 charts each doing every 2 s turned into a steady cost.
 */
let themeColours: CanvasColours | null = null;
let themeFollowed = false;

export function resolveColours(host: HTMLElement): CanvasColours {
  if (!themeFollowed) {
    themeFollowed = true;
    const forget = (): void => {
      themeColours = null;
    };
    new MutationObserver(forget).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class', 'style'],
    });
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', forget);
  }
  themeColours ??= readColours(host);
  return themeColours;
}

/** The theme's colours as last read (null: not read since the theme changed). */
export const currentColours = (): CanvasColours | null => themeColours;

/** Whether colours a chart drew with are no longer the theme's (it redraws, even paused). */
export const staleColours = (colours: CanvasColours | null): boolean =>
  colours !== null && colours !== themeColours;

/**
 * Makes the canvas match its CSS size at the device's pixel ratio; returns its 2D context. `live`:
 * the on-screen canvas (opaque, handed to the compositor directly); else an offscreen one.
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  live = true,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  // Desynchronized: the canvas hands each finished picture to the compositor itself instead of
  // waiting for the page's next commit and a copy of its bitmap. In the bench's software renderer
  // this doubled the frames 21 redrawing canvases get (fps 25 → 49); the picture is the same.
  // Opaque: it paints its own background, so the compositor neither blends it over the page nor
  // draws the page beneath it.
  const ctx = canvas.getContext('2d', live ? { desynchronized: true, alpha: false } : {});
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * Time labels by tick and step: a live chart's ticks stay put for seconds while it redraws 35
 * times a second, so each label is formatted once, not at every redraw. Bounded: emptied when full.
 */
const labels = new Map<string, string>();
const LABELS_HELD = 512;
function cachedLabel(t: number, step: number): string {
  const key = `${t}/${step}`;
  let label = labels.get(key);
  if (label === undefined) {
    if (labels.size >= LABELS_HELD) labels.clear();
    label = tickLabel(t, step);
    labels.set(key, label);
  }
  return label;
}

/** x, y pairs of a trace; a NaN pair where the pen lifts. Reused: only the frame's copy is kept. */
let scratch = new Float32Array(4_096);
let used = 0;
const record = (x: number, y: number): void => {
  if (used + 2 > scratch.length) {
    const bigger = new Float32Array(scratch.length * 2);
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[used++] = x;
  scratch[used++] = y;
};
const pen = {
  moveTo: (x: number, y: number): void => {
    record(NaN, NaN);
    record(x, y);
  },
  lineTo: record,
};

/** Each visible series traced to the pixels of its panel (with its own value axis). */
function traces(
  axes: Axes,
  where: readonly PanelPlace[],
  series: readonly SeriesPoints[],
  input: PlotInput,
  colours: CanvasColours,
): LineTrace[] {
  const byField = new Map(series.map((s) => [s.field, s]));
  const time: [number, number] = [axes.t0, axes.t1];
  const lines: LineTrace[] = [];
  axes.panels.forEach((panel, i) => {
    const place = where[i];
    if (!place) return;
    const area = { ...place.area, y: place.area.y + place.top };
    for (const field of panel.fields) {
      const s = byField.get(field);
      if (!s) continue;
      const axis = panel.onRight.includes(field) ? present(panel.right, 'right axis') : panel.left;
      used = 0;
      traceLine(pen, s, area, time, axis.domain, input.fields[field]?.kind === 'boolean');
      const colour = colours.series[field % colours.series.length] ?? colours.muted;
      lines.push({ panel: i, colour, path: scratch.slice(0, used) });
    }
  });
  return lines;
}

/** Tick marks of the time axis that fall on the plot, with their labels. */
function timeTicksAt(axes: Axes, area: PlotArea): TimeTick[] {
  const span = axes.t1 - axes.t0 || 1;
  const [a, b] = axes.ticks;
  const step = a !== undefined && b !== undefined ? b - a : 1_000;
  const ticks: TimeTick[] = [];
  for (const t of axes.ticks) {
    const x = Math.round(area.x + ((t - axes.t0) / span) * area.width) + 0.5;
    if (x < area.x - 0.5 || x > area.x + area.width + 0.5) continue;
    ticks.push({ x, label: cachedLabel(t, step) });
  }
  return ticks;
}

/** A redraw as a frame: everything the painter needs, in pixels. */
export function frameOf(
  size: { width: number; height: number },
  axes: Axes,
  where: PanelPlace[],
  series: readonly SeriesPoints[],
  input: PlotInput,
  look: { colours: CanvasColours; background: string; newBackdrop: boolean },
): Frame {
  const first = where[0]?.area ?? { x: 0, y: 0, width: 1, height: 1 };
  const lastPlace = where[where.length - 1];
  const span = axes.t1 - axes.t0 || 1;
  const toX = (t: number): number => first.x + ((t - axes.t0) / span) * first.width;
  return {
    ...size,
    ratio: window.devicePixelRatio || 1,
    axes,
    places: where,
    lines: traces(axes, where, series, input, look.colours),
    gaps: axes.gaps.map(([a, b]) => [toX(a), toX(b)]),
    ticks: lastPlace
      ? timeTicksAt(axes, { ...lastPlace.area, y: lastPlace.area.y + lastPlace.top })
      : [],
    ...look,
  };
}
