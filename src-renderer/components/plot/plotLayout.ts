/** Where a chart's parts sit: the margins, the axes' room, the heights, each panel's place. */
import type { PlotSpan } from './Crosshair';
import type { PanelPlace } from './plotFrame';
import type { Axes, PlotArea, PlotInput } from './plotModel';

export const AXIS_WIDTH = 56;
const X_AXIS_HEIGHT = 24;
/** Right margin leaves room for the last time label when there is no right axis. */
export const MARGIN = { top: 10, right: 28, bottom: 0, left: 0 };
const HEIGHT = 240;
const SMALL_HEIGHT = 110;
/** Under a small chart that is not the last: no time axis, a little room. */
const SPLIT_GAP = 4;

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

/**
 * Each panel's plot area with its top in the chart: panels stack, each one panel high; the value
 * axes take AXIS_WIDTH each side they are on, the time axis X_AXIS_HEIGHT under the last panel
 * (the others keep a small gap).
 */
export function places(axes: Axes, p: PlotInput): PanelPlace[] {
  const panelHeight = p.split ? SMALL_HEIGHT : HEIGHT;
  const last = axes.panels.length - 1;
  return axes.panels.map((panel, i) => {
    const x = MARGIN.left + AXIS_WIDTH;
    const right = panel.right ? AXIS_WIDTH : 0;
    const below = i === last ? X_AXIS_HEIGHT : SPLIT_GAP;
    const area: PlotArea = {
      x,
      y: MARGIN.top,
      width: Math.max(1, axes.width - x - MARGIN.right - right),
      height: Math.max(1, panelHeight - MARGIN.top - MARGIN.bottom - below),
    };
    return { area, top: i * panelHeight };
  });
}
