/** The recharts part of a chart: the grid and the value axes, and where it laid out each plot area. */
import { at, first } from '@contract/present';
import { memo, useEffect } from 'react';
import { CartesianGrid, LineChart, XAxis, YAxis, usePlotArea } from 'recharts';
import { axisNumber, type ValueAxis } from './axes';
import { AXIS_WIDTH, HEIGHT, MARGIN, SMALL_HEIGHT, X_AXIS_HEIGHT } from './plotLayout';
import { fieldName, type Axes, type PlotArea, type PlotInput } from './plotModel';

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
export const PlotAxes = memo(
  function PlotAxes({
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
                ? fieldName(
                    at(input.fields, first(panel.fields, 'panel field'), 'chart field'),
                    input.resource,
                  )
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
