/**
 * Simulated resources: what a device exposes, with the semantics of IOTMP.md §7.2–§7.4
 * (fn 1 run, 2 input, 3 output, 4 input + output). No I/O here: `SimulatedDevice` puts them on
 * the wire.
 */
import { isPlainMap, type PsonMap, type PsonValue } from '../protocol';
import type { Clock, RandomSource } from './clock';
import type { DeviceProfile, ResourceConfig } from './config';

type ResourceFn = 1 | 2 | 3 | 4;

interface PushPolicy {
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

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

class Sensor implements SimResource {
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

class Switch implements SimResource {
  readonly kind = 'switch';
  readonly fn = 2;
  state: boolean;

  constructor(
    readonly name: string,
    initial: boolean,
    readonly push: PushPolicy | undefined,
  ) {
    this.state = initial;
  }

  describe(): PsonMap {
    return { in: this.state };
  }

  run(input: PsonValue): PsonValue {
    // §7.4: fn 2 answers OK without payload; a RUN without input leaves the state alone.
    if (input === undefined) return undefined;
    if (typeof input === 'boolean') this.state = input;
    else if (input === 0 || input === 1) this.state = input === 1;
    else throw new ResourceError(`${this.name} expects true or false`);
    return undefined;
  }

  sample(): PsonValue {
    return this.state;
  }
}

class Slider implements SimResource {
  readonly kind = 'slider';
  readonly fn = 2;
  value: number;
  private readonly decimals: number;

  constructor(
    readonly name: string,
    private readonly cfg: Extract<ResourceConfig, { kind: 'slider' }>,
    readonly push: PushPolicy | undefined,
  ) {
    const stepText = String(cfg.step);
    this.decimals = stepText.includes('.') ? stepText.length - stepText.indexOf('.') - 1 : 0;
    this.value = this.snap(cfg.initial ?? cfg.min);
  }

  describe(): PsonMap {
    return { in: this.value };
  }

  run(input: PsonValue): PsonValue {
    if (input === undefined) return undefined;
    if (typeof input !== 'number' || !Number.isFinite(input)) {
      throw new ResourceError(
        `${this.name} expects a number from ${this.cfg.min} to ${this.cfg.max}`,
      );
    }
    this.value = this.snap(input);
    return undefined;
  }

  sample(): PsonValue {
    return this.value;
  }

  private snap(v: number): number {
    const { min, max, step } = this.cfg;
    const steps = Math.round((clamp(v, min, max) - min) / step);
    return round(clamp(min + steps * step, min, max), Math.max(this.decimals, 0));
  }
}

class Action implements SimResource {
  readonly kind = 'action';
  readonly fn = 1;
  readonly push = undefined;
  runs = 0;

  constructor(readonly name: string) {}

  describe(): undefined {
    return undefined;
  }

  run(): PsonValue {
    this.runs++;
    return undefined;
  }

  sample(): PsonValue {
    return undefined;
  }
}

class Rpc implements SimResource {
  readonly kind = 'rpc';
  readonly fn = 4;
  private last: PsonValue;

  constructor(
    readonly name: string,
    private readonly template: PsonValue,
    readonly push: PushPolicy | undefined,
  ) {
    this.last = template;
  }

  describe(): PsonMap {
    return { in: this.template, out: this.template };
  }

  run(input: PsonValue): PsonValue {
    // §7.4: fn 4 run without input works in describe-like mode.
    this.last = input === undefined ? this.template : input;
    return this.last;
  }

  sample(): PsonValue {
    return this.last;
  }
}

class EventSource implements SimResource {
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

export interface ResourceContext {
  clock: Clock;
  random: RandomSource;
}

function pushPolicy(cfg: ResourceConfig): PushPolicy | undefined {
  return 'push' in cfg ? cfg.push : undefined;
}

function createResource(name: string, cfg: ResourceConfig, ctx: ResourceContext): SimResource {
  switch (cfg.kind) {
    case 'sensor':
      return new Sensor(name, cfg, ctx.random, pushPolicy(cfg));
    case 'switch':
      return new Switch(name, cfg.initial, pushPolicy(cfg));
    case 'slider':
      return new Slider(name, cfg, pushPolicy(cfg));
    case 'action':
      return new Action(name);
    case 'rpc':
      return new Rpc(name, cfg.template as PsonValue, pushPolicy(cfg));
    case 'event':
      return new EventSource(name, cfg.values as PsonValue[], cfg.everyMs, ctx.clock);
  }
}

/** The resources of a profile, by name. */
export function createResources(
  profile: DeviceProfile,
  ctx: ResourceContext,
): Map<string, SimResource> {
  const out = new Map<string, SimResource>();
  for (const [name, cfg] of Object.entries(profile.resources)) {
    out.set(name, createResource(name, cfg, ctx));
  }
  return out;
}

/** Largest change of any number between two samples (numbers or maps of numbers). */
export function sampleDistance(a: PsonValue, b: PsonValue): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (isPlainMap(a) && isPlainMap(b)) {
    let d = 0;
    for (const k of Object.keys(a)) d = Math.max(d, sampleDistance(a[k], b[k]));
    return d;
  }
  return Object.is(a, b) ? 0 : Infinity;
}
