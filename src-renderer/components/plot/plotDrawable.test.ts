// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installCanvas2d, type CanvasCalls } from '../../testing/canvas2d';
import { SampleBuffer } from '../../model/SampleBuffer';
import { newDrawable } from './plotDrawable';
import type { PageSurface } from './plotSurface';
import type { PlotInput } from './plotModel';

let calls: (canvas: HTMLCanvasElement) => CanvasCalls;
beforeEach(() => {
  calls = installCanvas2d();
});
afterEach(() => vi.restoreAllMocks());

function setUp(change: Partial<PlotInput> = {}) {
  const buffer = new SampleBuffer();
  for (let i = 0; i < 100; i++) buffer.push(1_000_000 + i * 100, { celsius: 20 + (i % 7) });
  const input = {
    current: {
      buffer,
      fields: buffer.fields,
      visible: [0],
      windowMs: 10_000,
      pausedAt: null,
      zoom: null,
      split: false,
      resource: 'climate',
      holdLast: false,
      ...change,
    } satisfies PlotInput,
  };
  const box = { current: document.createElement('div') };
  const canvas = { current: document.createElement('canvas') };
  box.current.appendChild(canvas.current);
  document.body.appendChild(box.current);
  const d = newDrawable(input, box, canvas, () => {});
  d.width = 600;
  const counted = () => Number(box.current.getAttribute('data-draw-count'));
  // A paint starts by copying the backdrop (background, grid, value axes) onto the canvas.
  const painted = () => calls(canvas.current).count('drawImage');
  return { d, buffer, input, counted, painted };
}

describe("a chart's redraw counter (bench:ui's redraws_per_chart_s)", () => {
  it('counts a redraw only when the canvas was painted with a new picture', () => {
    const { d, buffer, counted, painted } = setUp();
    const now = 1_010_000;
    d.draw(now);
    expect(counted()).toBe(1);
    // Asked again for the same instant with nothing new: the same pixels, so no paint, no count.
    d.force = true;
    d.draw(now);
    d.draw(now);
    expect(counted()).toBe(1);
    // The live window slid: a new picture.
    d.draw(now + 30);
    expect(counted()).toBe(2);
    // A new sample at the same instant: a new picture.
    buffer.push(now + 30, { celsius: 25 });
    d.draw(now + 30);
    expect(counted()).toBe(3);
    // Every count is one paint of the canvas, and every paint is counted.
    expect(painted()).toBe(counted());
  });

  it('does not count redraws of a paused chart whose view cannot change', () => {
    const { d, counted, painted } = setUp({ pausedAt: 1_009_000 });
    d.draw(1_010_000);
    for (let t = 1_010_030; t < 1_012_000; t += 30) d.draw(t);
    expect(counted()).toBe(1);
    expect(painted()).toBe(1);
  });

  it('paints grid and value axes once into its backdrop, not at every redraw', () => {
    const { d, counted } = setUp();
    for (let t = 1_010_000; t < 1_011_000; t += 30) d.draw(t);
    expect(counted()).toBeGreaterThan(30);
    const backdrop = calls((d.surface as PageSurface).backdrop);
    expect(backdrop.count('fillRect')).toBe(1);
    // The left axis' labels: 20 … 26 (values 20 to 26), in steps of 2.
    const labels = backdrop.calls.filter(([m]) => m === 'fillText').map(([, a]) => a[0]);
    expect(labels).toEqual(['20', '22', '24', '26']);
  });

  it('counts nothing without a canvas to paint', () => {
    const { d, counted } = setUp();
    vi.mocked(HTMLCanvasElement.prototype.getContext).mockReturnValue(null);
    d.draw(1_010_000);
    d.draw(1_010_030);
    expect(counted()).toBe(0);
  });
});
