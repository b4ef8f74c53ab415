/**
 * A 2D canvas context for jsdom (which has none): records the calls each canvas gets, so chart
 * tests can count real paints (a paint starts with `clearRect`) against what the chart reports.
 */
import { vi } from 'vitest';

export interface CanvasCalls {
  /** Calls by method name. */
  count(method: string): number;
  /** Every call in order: method name and arguments. */
  calls: [string, unknown[]][];
}

/** Replaces `getContext('2d')` on every canvas until `vi.restoreAllMocks()`. */
export function installCanvas2d(): (canvas: HTMLCanvasElement) => CanvasCalls {
  const byCanvas = new WeakMap<HTMLCanvasElement, CanvasCalls>();
  const recorder = (): CanvasCalls => {
    const calls: [string, unknown[]][] = [];
    return { calls, count: (method) => calls.filter(([m]) => m === method).length };
  };
  const contexts = new WeakMap<HTMLCanvasElement, object>();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
  ) {
    return contextOf(this);
  });
  function contextOf(canvas: HTMLCanvasElement): never {
    const known = contexts.get(canvas);
    if (known) return known as never;
    const record = recorder();
    byCanvas.set(canvas, record);
    const props: Record<string, unknown> = { canvas };
    const context = new Proxy(props, {
      get: (target, name) =>
        typeof name === 'string' && !(name in target)
          ? (...args: unknown[]) => {
              record.calls.push([name, args]);
              return name === 'measureText' ? { width: 6 * String(args[0]).length } : undefined;
            }
          : target[name as string],
      set: (target, name, value) => {
        target[name as string] = value;
        return true;
      },
    });
    contexts.set(canvas, context);
    return context as never;
  }
  return (canvas) => byCanvas.get(canvas) ?? recorder();
}
