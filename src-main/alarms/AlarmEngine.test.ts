import { describe, expect, it } from 'vitest';
import { AlarmEngine, MAX_TRACKED } from './AlarmEngine';
import { breaks, ruleProblem, type AlarmRuleSpec } from './rules';

const rule = (over: Partial<AlarmRuleSpec> = {}): AlarmRuleSpec => ({
  user: 'site',
  rule: 'hot',
  name: 'Too hot',
  description: '',
  enabled: true,
  severity: 'high',
  source: { kind: 'resource', device: 'thermo', resource: 'temp', field: 'celsius', intervalS: 1 },
  condition: { op: 'above', value: 30 },
  forSeconds: 10,
  created: 0,
  modified: 0,
  ...over,
});
const t = (v: number): { celsius: number } => ({ celsius: v });
const types = (events: { type: string }[]): string[] => events.map((e) => e.type);

describe('AlarmEngine', () => {
  it('raises only after the condition held for forSeconds, once', () => {
    const e = new AlarmEngine();
    const r = rule();
    expect(e.observe(r, 'thermo', t(31), 1_000)).toEqual([]);
    expect(e.nextDue()).toBe(11_000);
    expect(e.observe(r, 'thermo', t(32), 5_000)).toEqual([]);
    const raised = e.observe(r, 'thermo', t(33), 11_000);
    expect(types(raised)).toEqual(['raised']);
    expect(raised[0]!.alarm).toMatchObject({
      instance: 'hot@thermo',
      device: 'thermo',
      severity: 'high',
      state: 'active',
      value: 33,
      condition: 'above 30',
      raised: 11_000,
    });
    expect(e.observe(r, 'thermo', t(40), 12_000)).toEqual([]);
    expect(e.alarm('site', 'hot@thermo')!.value).toBe(40);
    expect(e.nextDue()).toBeNull();
  });

  it('a dip below the threshold restarts the confirmation', () => {
    const e = new AlarmEngine();
    const r = rule();
    e.observe(r, 'thermo', t(31), 0);
    e.observe(r, 'thermo', t(29), 5_000);
    expect(e.nextDue()).toBeNull();
    e.observe(r, 'thermo', t(31), 6_000);
    expect(e.tick(15_999)).toEqual([]);
    expect(types(e.tick(16_000))).toEqual(['raised']);
  });

  it('the clock confirms a condition without new samples (tick)', () => {
    const e = new AlarmEngine();
    const r = rule({
      rule: 'down',
      source: { kind: 'connection', device: '*' },
      condition: { op: 'offline' },
      forSeconds: 60,
    });
    e.observe(r, 'pump', false, 0);
    expect(e.nextDue()).toBe(60_000);
    expect(types(e.tick(60_000))).toEqual(['raised']);
    expect(e.alarms('site').map((a) => a.instance)).toEqual(['down@pump']);
  });

  it('an unacknowledged alarm that normalizes stays listed until acknowledged', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 0 });
    e.observe(r, 'thermo', t(35), 0);
    expect(types(e.observe(r, 'thermo', t(20), 1_000))).toEqual(['normalized']);
    expect(e.alarms('site')[0]).toMatchObject({ state: 'normalized', normalized: 1_000 });
    expect(types(e.acknowledge('site', 'hot@thermo', 'console', 2_000)!)).toEqual([
      'acknowledged',
      'cleared',
    ]);
    expect(e.alarms('site')).toEqual([]);
  });

  it('an acknowledged alarm clears when it normalizes', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 0 });
    e.observe(r, 'thermo', t(35), 0);
    const ack = e.acknowledge('site', 'hot@thermo', 'token:ops', 500)!;
    expect(ack[0]).toMatchObject({ type: 'acknowledged', by: 'token:ops' });
    expect(e.alarm('site', 'hot@thermo')).toMatchObject({
      acknowledged: true,
      acknowledgedBy: 'token:ops',
      state: 'active',
    });
    expect(e.acknowledge('site', 'hot@thermo', 'console', 600)).toEqual([]);
    expect(types(e.observe(r, 'thermo', t(20), 1_000))).toEqual(['normalized', 'cleared']);
  });

  it('a normalized alarm that breaks again is raised again, unacknowledged', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 0 });
    e.observe(r, 'thermo', t(35), 0);
    e.observe(r, 'thermo', t(20), 1_000);
    const again = e.observe(r, 'thermo', t(36), 2_000);
    expect(types(again)).toEqual(['raised']);
    expect(again[0]!.alarm).toMatchObject({ state: 'active', acknowledged: false, value: 36 });
  });

  it('clear takes it off the list; a condition still holding must be confirmed again', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 5 });
    e.observe(r, 'thermo', t(35), 0);
    e.tick(5_000);
    expect(types(e.clear('site', 'hot@thermo', 'console', 6_000)!)).toEqual(['cleared']);
    expect(e.alarms('site')).toEqual([]);
    expect(e.observe(r, 'thermo', t(35), 7_000)).toEqual([]);
    expect(types(e.tick(12_000))).toEqual(['raised']);
  });

  it('unknown alarms: acknowledge and clear answer null', () => {
    const e = new AlarmEngine();
    expect(e.acknowledge('site', 'nope@x', 'console', 0)).toBeNull();
    expect(e.clear('site', 'nope@x', 'console', 0)).toBeNull();
  });

  it('values it cannot judge neither raise nor clear', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 0 });
    e.observe(r, 'thermo', t(35), 0);
    expect(e.observe(r, 'thermo', 'hello', 1)).toEqual([]);
    expect(e.observe(r, 'thermo', { other: 1 }, 2)).toEqual([]);
    expect(e.observe(r, 'thermo', null, 3)).toEqual([]);
    expect(e.alarm('site', 'hot@thermo')!.state).toBe('active');
  });

  it('forget clears the rule’s alarms on every device and nobody else’s', () => {
    const e = new AlarmEngine();
    const r = rule({ forSeconds: 0, source: { kind: 'bucket', bucket: 'b', device: '*' } });
    const other = rule({ rule: 'cold', forSeconds: 0, condition: { op: 'below', value: 0 } });
    e.observe(r, 'a', 40, 0); // a bucket rule without a field judges the record itself
    e.observe(r, 'b', 41, 0);
    e.observe(other, 'thermo', t(-5), 0);
    const gone = e.forget('site', 'hot', 'rule removed', 1);
    expect(gone.map((g) => [g.type, g.alarm.device, g.by])).toEqual([
      ['cleared', 'a', 'rule removed'],
      ['cleared', 'b', 'rule removed'],
    ]);
    expect(e.alarms('site').map((a) => a.instance)).toEqual(['cold@thermo']);
    expect(e.alarms('other')).toEqual([]);
  });

  it('lists the most severe first, newest first within a severity', () => {
    const e = new AlarmEngine();
    e.observe(rule({ rule: 'l', severity: 'low', forSeconds: 0 }), 'x', t(99), 3);
    e.observe(rule({ rule: 'c1', severity: 'critical', forSeconds: 0 }), 'x', t(99), 1);
    e.observe(rule({ rule: 'c2', severity: 'critical', forSeconds: 0 }), 'x', t(99), 2);
    expect(e.alarms('site').map((a) => a.rule)).toEqual(['c2', 'c1', 'l']);
  });

  it('disabled rules observe nothing; restored alarms are listed and normalize', () => {
    expect(
      new AlarmEngine().observe(rule({ enabled: false, forSeconds: 0 }), 'x', t(99), 0),
    ).toEqual([]);
    const r = rule({ forSeconds: 0 });
    const first = new AlarmEngine();
    const alarm = first.observe(r, 'thermo', t(50), 0)[0]!.alarm;
    const e = new AlarmEngine([{ alarm, spec: r }]);
    expect(e.alarms('site')).toEqual([alarm]);
    expect(types(e.observe(r, 'thermo', t(10), 1))).toEqual(['normalized']);
  });

  it(`tracks at most ${MAX_TRACKED} confirmations (a huge fleet cannot grow it without end)`, () => {
    const e = new AlarmEngine();
    const r = rule({
      forSeconds: 100,
      source: { kind: 'bucket', bucket: 'b', device: '*', field: 'celsius' },
    });
    for (let i = 0; i < MAX_TRACKED + 10; i++) e.observe(r, `d${i}`, { celsius: 99 }, 0);
    expect(e.tick(100_000)).toHaveLength(MAX_TRACKED);
  });
});

describe('rules', () => {
  it('breaks: above, below, outside, offline; non-numbers cannot be judged', () => {
    expect(breaks({ op: 'above', value: 1 }, 2)).toBe(true);
    expect(breaks({ op: 'above', value: 1 }, 1)).toBe(false);
    expect(breaks({ op: 'below', value: 1 }, 0)).toBe(true);
    expect(breaks({ op: 'outside', min: 0, max: 10 }, 11)).toBe(true);
    expect(breaks({ op: 'outside', min: 0, max: 10 }, 5)).toBe(false);
    expect(breaks({ op: 'offline' }, false)).toBe(true);
    expect(breaks({ op: 'offline' }, true)).toBe(false);
    expect(breaks({ op: 'above', value: 1 }, '5')).toBeNull();
    expect(breaks({ op: 'above', value: 1 }, undefined)).toBeNull();
    expect(breaks({ op: 'above', value: 0 }, true)).toBe(true);
  });

  it('ruleProblem explains what does not fit together', () => {
    expect(ruleProblem(rule({ condition: { op: 'offline' } }))).toMatch(/connection rules/);
    expect(ruleProblem(rule({ source: { kind: 'connection', device: 'x' } }))).toMatch(/"offline"/);
    expect(ruleProblem(rule({ condition: { op: 'outside', min: 5, max: 5 } }))).toMatch(/min/);
    expect(ruleProblem(rule())).toBeNull();
  });
});
