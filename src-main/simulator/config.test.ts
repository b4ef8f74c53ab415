import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { parseProfile, parseSimulatorConfig, SimulatorConfigError } from './config';
import { preset, PRESET_NAMES } from './presets';
import { createResources, sampleDistance } from './resources';

const ctx = (random = () => 0.5) => ({ clock: new FakeClock(), random });

describe('simulator config', () => {
  it('ships valid presets with a thermostat, a relay board and a weather station', () => {
    for (const name of PRESET_NAMES) expect(preset(name).profiles.length).toBeGreaterThan(0);
    expect(preset('demo').profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(['thermostat', 'relay-board', 'weather-station']),
    );
  });

  it('accepts a bare profile as a one-profile config and fills defaults', () => {
    const c = parseSimulatorConfig({ resources: { led: { kind: 'switch' } } });
    expect(c.profiles).toEqual([
      { name: 'device', resources: { led: { kind: 'switch', initial: false } } },
    ]);
  });

  it.each([
    [{ resources: { t: { kind: 'sensor' } } }, /value/],
    [{ resources: { t: { kind: 'thermometer' } } }, /kind/],
    [{ resources: { s: { kind: 'slider', min: 5, max: 1 } } }, /min must be below max/],
    [{ resources: { s: { kind: 'switch', colour: 'red' } } }, /colour/],
    [{ resources: { e: { kind: 'event', values: [], everyMs: 1000 } } }, /values/],
    [{ profiles: [] }, /profiles|resources/],
  ])('rejects %j with a readable reason', (json, reason) => {
    expect(() => parseSimulatorConfig(json)).toThrow(SimulatorConfigError);
    expect(() => parseSimulatorConfig(json)).toThrow(reason);
  });
});

describe('simulated resources', () => {
  it('sensors add bounded noise and round; maps take noise per key', () => {
    const low = createResources(
      parseProfile({
        resources: {
          t: { kind: 'sensor', value: 20, noise: 1, decimals: 1 },
          m: { kind: 'sensor', value: { a: 10, b: 5 }, noise: { a: 2 }, max: 11 },
        },
      }),
      ctx(() => 0),
    );
    expect(low.get('t')!.sample()).toBe(19);
    expect(low.get('m')!.sample()).toEqual({ a: 8, b: 5 });
    const high = createResources(
      parseProfile({ resources: { m: { kind: 'sensor', value: { a: 10 }, noise: 2, max: 11 } } }),
      ctx(() => 0.999999),
    );
    expect(high.get('m')!.sample()).toEqual({ a: 11 });
  });

  it('random-walk sensors drift within their bounds', () => {
    const r = createResources(
      parseProfile({
        resources: { w: { kind: 'sensor', value: 10, noise: 1, walk: true, min: 0, max: 12 } },
      }),
      ctx(() => 0.9999),
    ).get('w')!;
    const values = Array.from({ length: 5 }, () => r.sample() as number);
    expect(values).toEqual([11, 12, 12, 12, 12]);
  });

  it('sliders snap to their step and clamp to their range', () => {
    const s = createResources(
      parseProfile({ resources: { s: { kind: 'slider', min: 5, max: 30, step: 0.5 } } }),
      ctx(),
    ).get('s')!;
    expect(s.sample()).toBe(5);
    s.run(21.3);
    expect(s.sample()).toBe(21.5);
    s.run(-4);
    expect(s.sample()).toBe(5);
    expect(() => s.run('x')).toThrow(/expects a number from 5 to 30/);
  });

  it('event resources take their values in turn, from the clock', () => {
    const clock = new FakeClock();
    const e = createResources(
      parseProfile({ resources: { e: { kind: 'event', values: [1, 2, 3], everyMs: 100 } } }),
      { clock, random: () => 0 },
    ).get('e')!;
    const seen = [];
    for (let i = 0; i < 4; i++) {
      seen.push(e.sample());
      clock.advance(100);
    }
    expect(seen).toEqual([1, 2, 3, 1]);
  });

  it('measures the change between samples for on-change pushes', () => {
    expect(sampleDistance({ a: 1, b: 2 }, { a: 1.5, b: 2 })).toBe(0.5);
    expect(sampleDistance(true, false)).toBe(Infinity);
    expect(sampleDistance('x', 'x')).toBe(0);
  });
});

describe('FakeClock', () => {
  it('runs due timers in time order, re-arms intervals, and forgets cancelled ones', () => {
    const clock = new FakeClock();
    const log: string[] = [];
    clock.setInterval(() => log.push(`i${clock.now()}`), 30);
    const t = clock.setTimeout(() => log.push('never'), 50);
    clock.setTimeout(() => log.push(`t${clock.now()}`), 45);
    t.cancel();
    clock.advance(100);
    expect(log).toEqual(['i30', 't45', 'i60', 'i90']);
    expect(clock.now()).toBe(100);
    expect(clock.pending).toBe(1);
  });
});
