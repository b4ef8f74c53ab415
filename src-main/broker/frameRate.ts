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
 * fewer to touch per frame (docs/performance.md). Tokens are counted in thousandths of a frame
 * and times are whole milliseconds, so both stay small integers (no number object each).
 */
export interface RateBucket {
  /** Thousandths of a frame. */
  rateTokens: number;
  /**
   * When the last frame arrived (whole ms, scheduler time): the bucket refills from then. The
   * session's keep-alive check reads the same field (one field, not two per connection).
   */
  lastActivity: number;
}

/** A new connection's bucket: the whole burst. */
export function fullBucket(limits: BrokerLimits): number {
  return limits.frameBurst * 1000;
}

/** Takes one frame's token at `now` (whole ms); what to do with the frame. */
export function takeFrame(
  b: RateBucket,
  limits: BrokerLimits,
  now: number,
  type: number,
): RateVerdict {
  // maxFramesPerSecond tokens per 1000 ms = as many thousandths of a token per ms.
  const burst = fullBucket(limits);
  const tokens =
    Math.min(burst, b.rateTokens + (now - b.lastActivity) * limits.maxFramesPerSecond) - 1000;
  b.rateTokens = tokens;
  b.lastActivity = now;
  if (tokens >= 0) return 'take';
  if (tokens < -burst) return 'flood';
  // Over the rate: samples go first; requests and answers still count and pass.
  return type === MessageType.STREAM_DATA ? 'drop' : 'take';
}
