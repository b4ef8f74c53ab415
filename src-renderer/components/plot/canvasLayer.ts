/**
 * The chart's canvas (issue 16 "live charts that are live"): at every redraw the backdrop
 * (background, grid, value axes: backdrop.ts, painted only when they change) is copied, then the
 * lines, the shaded offline gaps and the wall-clock time axis are drawn over it. One opaque
 * canvas per chart: the display compositor copies it without blending anything beneath.
 */
import { at, present } from '@contract/present';
import { tickLabel } from './axes';
import type { SeriesPoints } from './decimate';
import { traceLine, type Axes, type PlotArea, type PlotInput } from './plotModel';

/** Colours resolved from the theme's tokens (a canvas cannot read CSS variables). */
export interface CanvasColours {
  series: (field: number) => string;
  muted: string;
  border: string;
  grid: string;
}

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
    series: (f: number) => at(series, f % SERIES_TOKENS, 'series colour'),
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

/** Where each panel's plot area sits in the chart (panels stack top to bottom: plotLayout). */
export interface PanelPlace {
  area: PlotArea;
  /** The panel's top in the chart, px. */
  top: number;
}

const TICK = 4;

/**
 * Time labels by tick and step: a live chart's ticks stay put for seconds while it redraws 33
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
const LABEL_FONT = '11px system-ui, sans-serif';

export function paintChart(
  ctx: CanvasRenderingContext2D,
  size: { width: number; height: number },
  backdrop: CanvasImageSource,
  axes: Axes,
  places: readonly PanelPlace[],
  series: readonly SeriesPoints[],
  input: PlotInput,
  colours: CanvasColours,
): void {
  ctx.drawImage(backdrop, 0, 0, size.width, size.height);
  const byField = new Map(series.map((s) => [s.field, s]));
  const time: [number, number] = [axes.t0, axes.t1];
  const span = axes.t1 - axes.t0 || 1;
  axes.panels.forEach((panel, i) => {
    const place = places[i];
    if (!place) return;
    const area = { ...place.area, y: place.area.y + place.top };
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y - 1, area.width, area.height + 2);
    ctx.clip();
    // Offline gaps, shaded (UI.md §3.2 "chart lines break and the gap is shaded").
    ctx.globalAlpha = 0.12;
    ctx.fillStyle = colours.muted;
    for (const [a, b] of axes.gaps) {
      const x0 = area.x + ((a - axes.t0) / span) * area.width;
      const x1 = area.x + ((b - axes.t0) / span) * area.width;
      ctx.fillRect(x0, area.y, Math.max(1, x1 - x0), area.height);
    }
    ctx.globalAlpha = 1;
    // One pixel: Skia strokes a line no wider than a device pixel on its hairline path, about 4×
    // cheaper to raster than 1.5 px (measured in the bench's software renderer: 2.1 → 0.5 ms per
    // redraw of a 600-point line), which is what lets 21 live charts each redraw 30+ times a
    // second. On a 2× display it is two device pixels, as crisp as before.
    ctx.lineWidth = 1;
    ctx.lineJoin = 'round';
    for (const field of panel.fields) {
      const s = byField.get(field);
      if (!s) continue;
      const axis = panel.onRight.includes(field) ? present(panel.right, 'right axis') : panel.left;
      ctx.beginPath();
      traceLine(ctx, s, area, time, axis.domain, input.fields[field]?.kind === 'boolean');
      ctx.strokeStyle = colours.series(field);
      ctx.stroke();
    }
    ctx.restore();
    if (i === axes.panels.length - 1) paintTimeAxis(ctx, area, axes, colours);
  });
}

/** The wall-clock axis under the last panel: a base line, ticks and their labels. */
function paintTimeAxis(
  ctx: CanvasRenderingContext2D,
  area: PlotArea,
  axes: Axes,
  colours: CanvasColours,
): void {
  const bottom = area.y + area.height;
  const span = axes.t1 - axes.t0 || 1;
  const step =
    axes.ticks.length > 1 ? at(axes.ticks, 1, 'tick') - at(axes.ticks, 0, 'tick') : 1_000;
  ctx.strokeStyle = colours.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(area.x, bottom + 0.5);
  ctx.lineTo(area.x + area.width, bottom + 0.5);
  ctx.fillStyle = colours.muted;
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of axes.ticks) {
    const x = Math.round(area.x + ((t - axes.t0) / span) * area.width) + 0.5;
    if (x < area.x - 0.5 || x > area.x + area.width + 0.5) continue;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + TICK);
    ctx.fillText(cachedLabel(t, step), x, bottom + TICK + 2);
  }
  ctx.stroke();
}
