/**
 * The drawing of one chart: recharts lays out the grid and the value axes (PlotAxes: one or two,
 * or small charts when split) and is re-rendered only when they change; the lines, the shaded
 * offline gaps and the wall-clock axis are painted on a canvas layer over it (canvasLayer.ts) by
 * the shared frame loop (drawScheduler, plotDrawable). A live chart redraws 33 times a second
 * while on screen, so it scrolls smoothly and a 100 Hz stream looks live (issue 16); paused or
 * zoomed, only when its buffer changes. No animation, no dots.
 */
import { present } from '@contract/present';
import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import './plot.css';
import { Crosshair } from './Crosshair';
import { registerDrawable } from './drawScheduler';
import { newDrawable, type PlotDrawable } from './plotDrawable';
import { chartHeight, plotSpan, type AreaRegistry } from './plotLayout';
import { PlotAxes } from './PlotAxes';
import type { Axes, PlotArea, PlotInput } from './plotModel';

export { fieldName, seriesColour, viewRange, type PlotInput } from './plotModel';

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
    present(drawable.current, 'plot drawable').force = true;
  }, [input]);

  useEffect(() => {
    const d = present(drawable.current, 'plot drawable');
    const el = present(box.current, 'plot box');
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
      {shown ? <PlotAxes axes={shown} input={input} onArea={onArea} /> : null}
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
