// @vitest-environment jsdom
/**
 * The page's side of the plot worker: a canvas is handed over once, a beat's frames go in one
 * message, and a redraw counts only when the worker says it painted that frame (bench:ui's
 * redraws_per_chart_s). The worker here is a stand-in at the Worker boundary (jsdom has none);
 * the real one runs in e2e/charts and bench:ui.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from './plotFrame';
import type { FromPlotWorker, ToPlotWorker } from './plotWorker';

const posted: { message: ToPlotWorker; transfer: Transferable[] }[] = [];
let reply: (data: FromPlotWorker) => void = () => {};

let fail: () => void = () => {};

class FakeWorker {
  onmessage: ((e: { data: FromPlotWorker }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    reply = (data) => this.onmessage?.({ data });
    fail = () => this.onerror?.();
  }
  postMessage(message: ToPlotWorker, transfer: Transferable[] = []): void {
    posted.push({ message, transfer });
  }
}

beforeEach(() => {
  vi.resetModules();
  posted.length = 0;
  vi.stubGlobal('Worker', FakeWorker);
  HTMLCanvasElement.prototype.transferControlToOffscreen = function () {
    return { handedOver: true } as unknown as OffscreenCanvas;
  };
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).transferControlToOffscreen;
});

const frame = (width: number): Frame =>
  ({
    width,
    height: 240,
    ratio: 1,
    lines: [{ panel: 0, colour: 'red', path: new Float32Array([NaN, NaN, 1, 2, 3, 4]) }],
  }) as unknown as Frame;

const frames = (m: ToPlotWorker) => ('frames' in m ? m.frames : []);

describe('plot worker surface', () => {
  it('hands each canvas over once, batches a beat and counts only what the worker painted', async () => {
    const { surfaceFor, releaseSurface } = await import('./plotSurface');
    const a = document.createElement('canvas');
    const b = document.createElement('canvas');
    // Nothing is handed over until the worker says it runs (one that failed to load would
    // leave the charts blank): the chart waits.
    expect(surfaceFor(a)).toBeNull();
    expect(posted).toHaveLength(0);
    reply({ ready: true });
    const sa = surfaceFor(a)!;
    expect(sa.painter).toBe('worker');
    expect(surfaceFor(a)).toBe(sa);
    const sb = surfaceFor(b)!;
    const attached = posted.filter((p) => 'attach' in p.message);
    expect(attached).toHaveLength(2);
    const ids = attached.map((p) => ('attach' in p.message ? p.message.attach : 0));

    const counts = { a: 0, b: 0 };
    sa.paint(frame(600), () => counts.a++);
    sb.paint(frame(500), () => counts.b++);
    expect(a.style.width).toBe('600px');
    await Promise.resolve();
    // One message for the beat, its traces transferred, not copied.
    const beat = posted.filter((p) => 'frames' in p.message);
    expect(beat).toHaveLength(1);
    expect(frames(beat[0]!.message).map((f) => f.id)).toEqual(ids);
    expect(beat[0]!.transfer).toHaveLength(2);
    // Nothing counts until the worker answers; a frame it did not paint never counts.
    expect(counts).toEqual({ a: 0, b: 0 });
    reply({
      painted: [
        [ids[0]!, true],
        [ids[1]!, false],
      ],
    });
    expect(counts).toEqual({ a: 1, b: 0 });

    // Two frames of one chart before an answer: the first replaced (not painted), the second painted.
    sa.paint(frame(600), () => counts.a++);
    await Promise.resolve();
    sa.paint(frame(600), () => (counts.a += 10));
    await Promise.resolve();
    reply({
      painted: [
        [ids[0]!, false],
        [ids[0]!, true],
      ],
    });
    expect(counts.a).toBe(11);

    // Released only once the canvas has left the page.
    document.body.appendChild(b);
    releaseSurface(b);
    expect(posted.filter((p) => 'detach' in p.message)).toHaveLength(0);
    b.remove();
    releaseSurface(b);
    expect(posted.filter((p) => 'detach' in p.message)).toHaveLength(1);
    reply({ painted: [[ids[1]!, true]] });
    expect(counts.b).toBe(0);
  });

  it('paints on the page when the worker cannot start, instead of leaving the charts blank', async () => {
    const { surfaceFor } = await import('./plotSurface');
    const canvas = document.createElement('canvas');
    expect(surfaceFor(canvas)).toBeNull();
    fail();
    expect(surfaceFor(canvas)?.painter).toBe('page');
    expect(posted).toHaveLength(0);
  });
});
