/**
 * The inbound frame rate of one connection (IOTMP.md §10.1): a token bucket. Samples are dropped
 * first when a device sends faster than `maxFramesPerSecond`; a flood past the burst closes it.
 */
import { MessageType } from '../protocol';
import type { BrokerLimits } from './limits';

/** What to do with a frame: use it, drop it (a sample over the rate), or close the link. */
export type RateVerdict = 'take' | 'drop' | 'flood';

/**
 * The bucket's state, kept on the connection itself: one object fewer per connection, and one
 * fewer to touch per frame (docs/performance.md).
 */
export interface RateBucket {
  rateTokens: number;
  rateAt: number;
}

/** Takes one frame's token at `now` (ms); what to do with the frame. */
export function takeFrame(
  b: RateBucket,
  limits: BrokerLimits,
  now: number,
  type: number,
): RateVerdict {
  const { maxFramesPerSecond, frameBurst } = limits;
  const tokens =
    Math.min(frameBurst, b.rateTokens + ((now - b.rateAt) * maxFramesPerSecond) / 1000) - 1;
  b.rateTokens = tokens;
  b.rateAt = now;
  if (tokens >= 0) return 'take';
  if (tokens < -frameBurst) return 'flood';
  // Over the rate: samples go first; requests and answers still count and pass.
  return type === MessageType.STREAM_DATA ? 'drop' : 'take';
}
