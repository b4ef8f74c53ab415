/**
 * Simulated resources: what a device exposes, with the semantics of IOTMP.md §7.2–§7.4
 * (fn 1 run, 2 input, 3 output, 4 input + output), built from a profile. No I/O here:
 * `SimulatedDevice` puts them on the wire. The kinds are in inputResources and outputResources.
 */
import { isPlainMap, type PsonValue } from '../protocol';
import type { Clock, RandomSource } from './clock';
import type { DeviceProfile, ResourceConfig } from './config';
import { Action, Rpc, Slider, Switch } from './inputResources';
import { EventSource, Sensor } from './outputResources';
import type { PushPolicy, SimResource } from './simResource';

export { ResourceError, type SimResource } from './simResource';

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
