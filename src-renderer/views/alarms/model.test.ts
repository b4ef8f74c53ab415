import { describe, expect, it } from 'vitest';
import { draftOf, newDraft, ruleFields, withKind } from './model';
import { draftErrors } from './draftErrors';

describe('alarm rule drafts', () => {
  it('names each field that is wrong, and nothing when all is right', () => {
    const d = { ...newDraft(), rule: 'bad id', intervalS: '0', value: 'x', forSeconds: '-1' };
    expect(Object.keys(draftErrors(d)).sort()).toEqual(
      ['device', 'forSeconds', 'intervalS', 'name', 'resource', 'rule', 'value'].sort(),
    );
    const ok = {
      ...newDraft('tank'),
      rule: 'high',
      name: 'High',
      resource: 'level',
      value: '50',
    };
    expect(draftErrors(ok)).toEqual({});
    expect(draftErrors(ok, ['high']).rule).toMatch(/Another rule/);
    expect(draftErrors({ ...ok, op: 'outside', min: '5', max: '1' }).max).toMatch(/Min/);
  });

  it('a connection rule is always "offline"; back to a value source, "above"', () => {
    const c = withKind(newDraft('*'), 'connection');
    expect(c.op).toBe('offline');
    expect(withKind(c, 'bucket').op).toBe('above');
    expect(withKind(c, 'resource').device).toBe('');
  });

  it('round-trips a rule through the draft', () => {
    const fields = ruleFields({
      ...newDraft('*'),
      rule: 'cold',
      name: 'Cold',
      kind: 'bucket',
      bucket: 'readings',
      field: 'env.t',
      op: 'outside',
      min: '-5',
      max: '30',
      forSeconds: '60',
    });
    expect(fields).toEqual({
      name: 'Cold',
      severity: 'medium',
      enabled: true,
      source: { kind: 'bucket', bucket: 'readings', device: '*', field: 'env.t' },
      condition: { op: 'outside', min: -5, max: 30 },
      forSeconds: 60,
    });
    const rule = {
      user: 'site',
      rule: 'cold',
      description: '',
      created: 0,
      modified: 0,
      ...fields,
    };
    expect(ruleFields(draftOf(rule))).toEqual(fields);
  });
});
