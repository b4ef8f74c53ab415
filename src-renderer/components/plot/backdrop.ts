/**
 * A chart's backdrop: its background, the grid and the value axes (lines, ticks, labels), painted
 * into an offscreen canvas only when they change (new value axes, size or theme), and copied
 * under every redraw of the lines. It replaces recharts in live charts: re-rendering the recharts
 * axes took ~20 ms of a frame whenever a range changed, and its SVG under a transparent canvas
 * made the display compositor blend two layers at every redraw; the chart is now one opaque
 * canvas the compositor copies.
 */
import { axisNumber, type ValueAxis } from './axes';
import type { CanvasColours, Context2d, PanelPlace } from './plotFrame';
import { AXIS_WIDTH } from './plotLayout';
import type { Axes } from './plotModel';

const TICK = 6;
const LABEL_FONT = '11px system-ui, sans-serif';

/** The colour behind the chart: the nearest ancestor's background that is not transparent. */
export function backgroundOf(el: HTMLElement | null): string {
  for (let at = el; at; at = at.parentElement) {
    const bg = getComputedStyle(at).backgroundColor;
    if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#fff';
}

/** Paints background, grid and value axes of every panel onto `ctx` (sized like the chart). */
export function paintBackdrop(
  ctx: Context2d,
  size: { width: number; height: number },
  axes: Axes,
  places: readonly PanelPlace[],
  colours: CanvasColours,
  background: string,
): void {
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.lineWidth = 1;
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  axes.panels.forEach((panel, i) => {
    const place = places[i];
    if (!place) return;
    const area = { ...place.area, y: place.area.y + place.top };
    // Horizontal grid at the left axis' ticks (as recharts' CartesianGrid drew it).
    ctx.strokeStyle = colours.grid;
    ctx.beginPath();
    for (const v of panel.left.ticks) {
      const y = yOf(v, panel.left, area);
      ctx.moveTo(area.x, y);
      ctx.lineTo(area.x + area.width, y);
    }
    ctx.stroke();
    paintValueAxis(ctx, panel.left, area, area.x, -1, colours);
    if (panel.right) paintValueAxis(ctx, panel.right, area, area.x + area.width, 1, colours);
  });
}

/** Whole pixels plus a half, so a one-pixel line covers one row of pixels. */
const crisp = (v: number): number => Math.round(v) + 0.5;

const yOf = (v: number, axis: ValueAxis, area: { y: number; height: number }): number => {
  const [lo, hi] = axis.domain;
  return crisp(area.y + area.height - ((v - lo) / (hi - lo || 1)) * area.height);
};

/** One value axis at `x`: its line, ticks outwards (`side` −1 left, 1 right) and labels. */
function paintValueAxis(
  ctx: Context2d,
  axis: ValueAxis,
  area: { y: number; height: number },
  x: number,
  side: -1 | 1,
  colours: CanvasColours,
): void {
  const edge = crisp(x) - (side < 0 ? 1 : 0);
  ctx.strokeStyle = colours.border;
  ctx.beginPath();
  ctx.moveTo(edge, area.y);
  ctx.lineTo(edge, area.y + area.height);
  ctx.fillStyle = colours.muted;
  ctx.textAlign = side < 0 ? 'right' : 'left';
  for (const v of axis.ticks) {
    const y = yOf(v, axis, area);
    ctx.moveTo(edge, y);
    ctx.lineTo(edge + side * TICK, y);
    // Labels stay inside the axis' room.
    ctx.fillText(axisNumber(v, axis.decimals), edge + side * (TICK + 3), y, AXIS_WIDTH - TICK - 4);
  }
  ctx.stroke();
}
