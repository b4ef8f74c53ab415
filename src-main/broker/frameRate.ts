/**
 * The inbound frame rate of one connection (IOTMP.md §10.1): a token bucket. Samples are dropped
 * first when a device sends faster than `maxFramesPerSecond`; a flood past the burst closes it.
 */
import { MessageType } from '../protocol';
import type { BrokerLimits } from './limits';

/** What to do with a frame: use it, drop it (a sample over the rate), or close the link. */
export type RateVerdict = 'take' | 'drop' | 'flood';

export class FrameRate {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limits: BrokerLimits,
    now: number,
  ) {
    this.tokens = limits.frameBurst;
    this.at = now;
  }

  take(now: number, type: number): RateVerdict {
    const { maxFramesPerSecond, frameBurst } = this.limits;
    this.tokens = Math.min(frameBurst, this.tokens + ((now - this.at) * maxFramesPerSecond) / 1000);
    this.at = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 'take';
    if (this.tokens < -frameBurst) return 'flood';
    // Over the rate: samples go first; requests and answers still count and pass.
    return type === MessageType.STREAM_DATA ? 'drop' : 'take';
  }
}
