import { describe, expect, it } from 'vitest';
import { newPlan } from './commissionPlan';
import { parseValue, planErrors, valueText } from './planErrors';

describe('planErrors', () => {
  it('a new plan has none', () => {
    expect([...planErrors(newPlan())]).toEqual([]);
  });

  it('keys each problem by its field, in words a technician reads', () => {
    const p = newPlan();
    const e = planErrors({
      ...p,
      name: '',
      provisioning: 'improv',
      checks: {
        types: { temperature: 'number', '': 'bool' },
        ranges: [{ resource: 'temperature', min: 60, max: -20 }, { resource: 'x' }],
        streams: [{ resource: 'temperature', intervalMs: 50, tolerancePct: 200 }],
        roundTrips: [{ input: '', value: true }],
      },
    });
    expect(Object.fromEntries(e)).toEqual({
      name: 'Required',
      'checks.ranges.1': 'Give a minimum, a maximum or both',
      'checks.streams.0.intervalMs': 'At least 100',
      'checks.streams.0.tolerancePct': 'At most 100',
      'checks.roundTrips.0.input': 'Required',
      'checks.types.1.resource': 'Required',
      'checks.ranges.0.max': 'At least the minimum',
      'wifi.ssid': 'Improv Serial sends this network to the board: give its name',
    });
  });

  it('refuses a method the target cannot take', () => {
    expect(planErrors({ ...newPlan(), provisioning: 'serial' }).get('provisioning')).toMatch(
      /ESP boards/,
    );
  });
});

describe('round-trip values as typed', () => {
  it('JSON when it parses, else text; text that reads as JSON is quoted back', () => {
    expect(parseValue('true')).toBe(true);
    expect(parseValue('12.5')).toBe(12.5);
    expect(parseValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseValue('on')).toBe('on');
    expect(valueText('on')).toBe('on');
    expect(valueText('12')).toBe('"12"');
    expect(parseValue(valueText('12'))).toBe('12');
    expect(valueText(false)).toBe('false');
  });
});
