/** Where a chart's parts sit: the margins, the axes' room, the heights, each panel's place. */
import type { PlotSpan } from './Crosshair';
import type { PanelPlace } from './canvasLayer';
import type { Axes, PlotArea, PlotInput } from './plotModel';

export const AXIS_WIDTH = 56;
export const X_AXIS_HEIGHT = 24;
/** Right margin leaves room for the last time label when there is no right axis. */
export const MARGIN = { top: 10, right: 28, bottom: 0, left: 0 };
export const HEIGHT = 240;
export const SMALL_HEIGHT = 110;

/** The plot areas recharts laid out, one per panel, filled in by the rendered chart. */
export interface AreaRegistry {
  areas: PlotArea[];
  /** An area changed after the last redraw: redraw. */
  moved: boolean;
}

export const plotSpan = (axes: Axes): PlotSpan => {
  const [only] = axes.panels;
  const twoAxes = axes.panels.length === 1 && only !== undefined && only.right !== null;
  return {
    left: MARGIN.left + AXIS_WIDTH,
    right: axes.width - MARGIN.right - (twoAxes ? AXIS_WIDTH : 0),
  };
};

export const chartHeight = (p: PlotInput): number =>
  p.split ? SMALL_HEIGHT * Math.max(1, p.visible.length) : HEIGHT;

/** Each panel's plot area with its top in the chart: panels stack, each one chart high. */
export const places = (r: AreaRegistry, p: PlotInput): PanelPlace[] =>
  r.areas.map((area, i) => ({ area, top: i * (p.split ? SMALL_HEIGHT : HEIGHT) }));
