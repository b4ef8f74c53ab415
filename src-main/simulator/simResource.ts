/**
 * What every simulated resource is (IOTMP.md §7.2–§7.4: fn 1 run, 2 input, 3 output, 4 input +
 * output), how it pushes on its own, how a handler fails (§7.5), and the number helpers the
 * kinds share.
 */
import type { PsonMap, PsonValue } from '../protocol';
import type { ResourceConfig } from './config';

type ResourceFn = 1 | 2 | 3 | 4;

export interface PushPolicy {
  everyMs?: number;
  threshold?: number;
  checkMs: number;
  onInput: boolean;
}

/** A handler failure: answered as `ERROR {2: code, 3: {"error": message}}` (§7.5). */
export class ResourceError extends Error {
  override name = 'ResourceError';
  constructor(
    message: string,
    readonly code = 400,
  ) {
    super(message);
  }
}

export interface SimResource {
  readonly name: string;
  readonly kind: ResourceConfig['kind'];
  readonly fn: ResourceFn;
  readonly push: PushPolicy | undefined;
  /** Describe-one payload (§7.3); undefined for fn 1 (OK without payload). */
  describe(): PsonMap | undefined;
  /**
   * RUN (§7.4). `input` is undefined when the RUN had no payload. Returns the output to send in
   * field 3, or undefined for none. Throws `ResourceError` on bad input.
   */
  run(input: PsonValue): PsonValue;
  /** The value a stream carries (§8.2): output for fn 3/4, state for fn 2; undefined: nothing. */
  sample(): PsonValue;
}

export const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

export const clamp = (v: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, v));
