/** How the inspector writes times between frames and directions. */
import { duration } from '../../format/time';
import { messages } from '../../messages';

/** `+12 ms`, `+1.204 s`, `+3 min`: milliseconds stay visible up to a minute. */
export function deltaText(ms: number): string {
  if (ms < 1_000) return `+${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `+${(ms / 1_000).toFixed(3)} s`;
  return `+${duration(ms)}`;
}

/** `38 ms`, `1.204 s`: a request's latency. */
export const latencyText = (ms: number): string => deltaText(ms).slice(1);

export const directionText = (direction: 'in' | 'out'): string =>
  direction === 'out' ? messages.inspector.direction.out : messages.inspector.direction.in;

export const directionTitle = (direction: 'in' | 'out'): string =>
  direction === 'out'
    ? messages.inspector.direction.outTitle
    : messages.inspector.direction.inTitle;
