/**
 * One redraw of a chart as plain data (a "frame"), and its painting onto a 2D context. The frame
 * is made on the page's thread (plotDrawable: decimated, traced to pixels, labels formatted) and
 * painted wherever the chart's canvas lives: in the plot worker (plotWorker.ts, the canvas handed
 * over with transferControlToOffscreen) or, where there is no worker (tests), on the page itself.
 * Nothing here touches the DOM, so both can use it.
 */
import { paintBackdrop } from './backdrop';
import type { Axes, PlotArea } from './plotModel';

/** The theme's colours the canvas paints with (a canvas cannot read CSS variables). */
export interface CanvasColours {
  /** By series number modulo its length. */
  series: readonly string[];
  muted: string;
  border: string;
  grid: string;
}

/** Where each panel's plot area sits in the chart (panels stack top to bottom: plotLayout). */
export interface PanelPlace {
  area: PlotArea;
  /** The panel's top in the chart, px. */
  top: number;
}

/** One series traced to the chart's pixels (plotTrace.ts: x, y pairs; a NaN pair lifts the pen). */
export interface LineTrace {
  panel: number;
  colour: string;
  path: Float32Array;
}

export interface TimeTick {
  /** px, in the chart. */
  x: number;
  label: string;
}

export interface Frame {
  /** CSS px. */
  width: number;
  height: number;
  /** Device pixels per CSS px. */
  ratio: number;
  axes: Axes;
  places: PanelPlace[];
  lines: LineTrace[];
  /** Offline gaps, px: [x0, x1] in the chart. */
  gaps: [number, number][];
  ticks: TimeTick[];
  colours: CanvasColours;
  /** The colour behind the chart. */
  background: string;
  /** The value axes, size or colours changed: paint the backdrop again. */
  newBackdrop: boolean;
}

/** A 2D context on a canvas of the page or on an OffscreenCanvas. */
export type Context2d = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
/** What holds a backdrop: an offscreen canvas of the page, or an OffscreenCanvas in the worker. */
export type Backdrop = HTMLCanvasElement | OffscreenCanvas;

const TICK = 4;
const LABEL_FONT = '11px system-ui, sans-serif';

/** Whether the backdrop must be painted again before `frame` (asked for, or its size is off). */
export const backdropStale = (backdrop: Backdrop, frame: Frame): boolean =>
  frame.newBackdrop ||
  backdrop.width !== Math.round(frame.width * frame.ratio) ||
  backdrop.height !== Math.round(frame.height * frame.ratio);

/** Sizes a canvas to the frame at its pixel ratio (a no-op when it already is). */
export function sizeCanvas(canvas: Backdrop, frame: Frame): void {
  const w = Math.round(frame.width * frame.ratio);
  const h = Math.round(frame.height * frame.ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
}

/** Background, grid and value axes into the backdrop (sized to the frame first). */
export function paintFrameBackdrop(backdrop: Backdrop, ctx: Context2d, frame: Frame): void {
  sizeCanvas(backdrop, frame);
  ctx.setTransform(frame.ratio, 0, 0, frame.ratio, 0, 0);
  const size = { width: frame.width, height: frame.height };
  paintBackdrop(ctx, size, frame.axes, frame.places, frame.colours, frame.background);
}

/**
 * A redraw: the backdrop copied, then per panel the shaded offline gaps and the lines (clipped
 * to the plot area), then the wall-clock time axis under the last panel.
 */
export function paintFrame(ctx: Context2d, backdrop: Backdrop, frame: Frame): void {
  ctx.setTransform(frame.ratio, 0, 0, frame.ratio, 0, 0);
  ctx.drawImage(backdrop, 0, 0, frame.width, frame.height);
  frame.places.forEach((place, i) => {
    const area = { ...place.area, y: place.area.y + place.top };
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y - 1, area.width, area.height + 2);
    ctx.clip();
    // Offline gaps, shaded (UI.md §3.2 "chart lines break and the gap is shaded").
    ctx.globalAlpha = 0.12;
    ctx.fillStyle = frame.colours.muted;
    for (const [x0, x1] of frame.gaps) ctx.fillRect(x0, area.y, Math.max(1, x1 - x0), area.height);
    ctx.globalAlpha = 1;
    // One pixel: Skia strokes a line no wider than a device pixel on its hairline path, about 4×
    // cheaper to raster than 1.5 px (measured in the bench's software renderer: 2.1 → 0.5 ms per
    // redraw of a 600-point line). On a 2× display it is two device pixels, as crisp as before.
    ctx.lineWidth = 1;
    ctx.lineJoin = 'round';
    for (const line of frame.lines) {
      if (line.panel !== i) continue;
      ctx.beginPath();
      strokePath(ctx, line.path);
      ctx.strokeStyle = line.colour;
      ctx.stroke();
    }
    ctx.restore();
    if (i === frame.places.length - 1) paintTimeAxis(ctx, area, frame);
  });
}

function strokePath(ctx: Context2d, path: Float32Array): void {
  let lifted = true;
  for (let i = 0; i + 1 < path.length; i += 2) {
    const x = path[i] as number;
    const y = path[i + 1] as number;
    if (Number.isNaN(x)) lifted = true;
    else if (lifted) {
      ctx.moveTo(x, y);
      lifted = false;
    } else ctx.lineTo(x, y);
  }
}

/** The wall-clock axis under the last panel: a base line, ticks and their labels. */
function paintTimeAxis(ctx: Context2d, area: PlotArea, frame: Frame): void {
  const bottom = area.y + area.height;
  ctx.strokeStyle = frame.colours.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(area.x, bottom + 0.5);
  ctx.lineTo(area.x + area.width, bottom + 0.5);
  ctx.fillStyle = frame.colours.muted;
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const { x, label } of frame.ticks) {
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + TICK);
    ctx.fillText(label, x, bottom + TICK + 2);
  }
  ctx.stroke();
}
