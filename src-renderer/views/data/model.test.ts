import { describe, expect, it } from 'vitest';
import { chartRows, parseDraft, sourceWords } from './model';

describe('Properties & data model', () => {
  it('a draft that is not JSON names the line it goes wrong at', () => {
    expect(parseDraft('{\n  "a": 1,\n  "b": eco\n}')).toMatchObject({ ok: false, line: 3 });
    expect(parseDraft('{\n  "a": 1\n')).toMatchObject({ ok: false, line: 3 });
    expect(parseDraft('[1, 2,]')).toMatchObject({ ok: false, line: 1 });
    expect(parseDraft(' {"a": [true, null, "x\\"y"]} ')).toEqual({
      ok: true,
      value: { a: [true, null, 'x"y'] },
    });
  });

  it('charts the numeric fields of records, oldest first, nested as a.b', () => {
    const { fields, points } = chartRows([
      { ts: 2, val: { t: 21, env: { h: 40 }, note: 'x' }, device: 'd' },
      { ts: 1, val: { t: 20 }, device: 'd' },
    ]);
    expect(fields).toEqual(['t', 'env.h']);
    expect(points).toEqual([
      { ts: 1, t: 20 },
      { ts: 2, t: 21, 'env.h': 40 },
    ]);
  });

  it('says who changed a property in words', () => {
    expect(sourceWords('token:nodered')).toBe('access token nodered');
    expect(sourceWords('device')).toBe('the device');
  });
});
