/**
 * Waiting for a state of something that announces its state changes (a simulated device), with
 * an optional abort signal: resolves at once when it is already there.
 */
import type { Dispose, Listener } from '../util/Emitter';

const abortReason = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : new Error('aborted');

export function untilState<S>(
  current: S,
  follow: (listener: Listener<{ state: S }>) => Dispose,
  state: S,
  signal?: AbortSignal,
): Promise<void> {
  if (current === state) return Promise.resolve();
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      cleanup();
      reject(abortReason(signal));
    };
    const cleanup = (): void => {
      off();
      signal?.removeEventListener('abort', onAbort);
    };
    const off = follow((c) => {
      if (c.state !== state) return;
      cleanup();
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
