/**
 * The drawing of one chart: one canvas with the grid, the value axes (one or two, or small charts
 * when split; backdrop.ts), the lines, the shaded offline gaps and the wall-clock axis
 * (plotFrame.ts). The shared frame loop (drawScheduler, plotDrawable) makes each redraw on the
 * page's thread; the plot worker paints it (plotSurface.ts), off the page's thread. A live chart
 * redraws 35 times a second while on screen, so it scrolls smoothly and a 100 Hz stream looks
 * live (issue 16); paused or zoomed, only when its buffer changes. No animation, no dots. React
 * renders it again only when the value axes change (the crosshair's span, the crowded hint).
 */
import { present } from '@contract/present';
import { useEffect, useRef, useState } from 'react';
import './plot.css';
import { Crosshair } from './Crosshair';
import { registerDrawable } from './drawScheduler';
import { newDrawable, type PlotDrawable } from './plotDrawable';
import { releaseSurface } from './plotSurface';
import { chartHeight, plotSpan } from './plotLayout';
import type { Axes, PlotInput } from './plotModel';

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
  const drawable = useRef<PlotDrawable>(null);
  drawable.current ??= newDrawable(inputRef, box, canvas, setAxes);

  useEffect(() => {
    inputRef.current = input;
    present(drawable.current, 'plot drawable').force = true;
  }, [input]);

  useEffect(() => {
    const d = present(drawable.current, 'plot drawable');
    const el = present(box.current, 'plot box');
    const paper = present(canvas.current, 'plot canvas');
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
      // After React has taken the canvas off the page (or kept it, mounting the effect again).
      setTimeout(() => releaseSurface(paper));
    };
  }, []);

  const crowded = axes?.crowded ?? false;
  useEffect(() => onCrowded?.(crowded), [crowded, onCrowded]);

  const shown = axes && axes.width > 0 ? axes : null;
  return (
    <div className="chart-plot" ref={box} style={{ height: chartHeight(input) }}>
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
