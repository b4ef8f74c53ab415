/**
 * Simulated resources a device takes input on: a switch and a slider (fn 2, their state read by
 * describe, §7.4), an action (fn 1, counted) and an RPC (fn 4, answering its input or template).
 */
import type { PsonMap, PsonValue } from '../protocol';
import type { ResourceConfig } from './config';
import { clamp, ResourceError, round, type PushPolicy, type SimResource } from './simResource';

export class Switch implements SimResource {
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

export class Slider implements SimResource {
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

export class Action implements SimResource {
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

export class Rpc implements SimResource {
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
