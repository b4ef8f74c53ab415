/**
 * Simulated resources a device only reports (fn 3): a sensor (noise, an optional random walk
 * within bounds, one value or a map of them) and an event source cycling through its values.
 */
import type { PsonMap, PsonValue } from '../protocol';
import type { Clock, RandomSource } from './clock';
import type { ResourceConfig } from './config';
import { clamp, round, type PushPolicy, type SimResource } from './simResource';

export class Sensor implements SimResource {
  readonly kind = 'sensor';
  readonly fn = 3;
  private readonly base: Map<string, number> | number;
  private current: Map<string, number> | number;

  constructor(
    readonly name: string,
    private readonly cfg: Extract<ResourceConfig, { kind: 'sensor' }>,
    private readonly random: RandomSource,
    readonly push: PushPolicy | undefined,
  ) {
    this.base = typeof cfg.value === 'number' ? cfg.value : new Map(Object.entries(cfg.value));
    this.current = typeof this.base === 'number' ? this.base : new Map(this.base);
  }

  describe(): PsonMap {
    return { out: this.sample() };
  }

  run(): PsonValue {
    return this.sample();
  }

  sample(): PsonValue {
    if (typeof this.base === 'number') {
      const v = this.read(this.base, this.current as number, this.noiseOf(undefined));
      this.current = this.cfg.walk ? v : this.base;
      return round(v, this.cfg.decimals);
    }
    const out: PsonMap = {};
    const current = this.current as Map<string, number>;
    for (const [key, base] of this.base) {
      const v = this.read(base, current.get(key) ?? base, this.noiseOf(key));
      if (this.cfg.walk) current.set(key, v);
      out[key] = round(v, this.cfg.decimals);
    }
    return out;
  }

  private noiseOf(key: string | undefined): number {
    const n = this.cfg.noise;
    return typeof n === 'number' ? n : key === undefined ? 0 : (n[key] ?? 0);
  }

  private read(base: number, current: number, noise: number): number {
    const jitter = (this.random() * 2 - 1) * noise;
    // A random walk stays within base ± 10 × noise (and within min/max when given).
    const span = this.cfg.walk ? 10 * noise : Infinity;
    const min = Math.max(this.cfg.min ?? -Infinity, base - span);
    const max = Math.min(this.cfg.max ?? Infinity, base + span);
    return clamp((this.cfg.walk ? current : base) + jitter, min, max);
  }
}

export class EventSource implements SimResource {
  readonly kind = 'event';
  readonly fn = 3;
  readonly push: PushPolicy;

  constructor(
    readonly name: string,
    private readonly values: readonly PsonValue[],
    private readonly everyMs: number,
    private readonly clock: Clock,
  ) {
    this.push = { everyMs, checkMs: everyMs, onInput: false };
  }

  describe(): PsonMap {
    return { out: this.sample() };
  }

  run(): PsonValue {
    return this.sample();
  }

  /** Derived from the clock, so the value moves on without a timer while nobody listens. */
  sample(): PsonValue {
    return this.values[Math.floor(this.clock.now() / this.everyMs) % this.values.length];
  }
}
