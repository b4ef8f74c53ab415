import { describe, expect, it } from 'vitest';
import { connect, error, keepAlive, ok, run, startStream } from '@protocol/message';
import { parseCodecError, toRow } from './frameRow';
import { applyFilter, chipCounts, DEFAULT_FILTER, isNarrowed } from './frameFilter';
import { inspected, malformed } from './testFrames';

describe('inspector rows', () => {
  it('name the resource, the chip and a one-line summary of the other fields', () => {
    const row = toRow(
      'site/thermo',
      inspected(1, 'out', run(5, 'setpoint', { payload: 21.5 })),
      1,
      1,
    );
    expect(row).toMatchObject({
      chip: 'RUN',
      resource: 'setpoint',
      summary: '21.5',
      isError: false,
    });
    const stream = toRow(
      'd/x',
      inspected(2, 'out', startStream(1, 7, 'temp', { interval: 1000 })),
      2,
      1,
    );
    expect(stream).toMatchObject({ chip: 'START/STOP_STREAM', resource: 'temp' });
    expect(stream.summary).toBe('{"interval":1000}');
  });

  it('show a CONNECT as user/device: the broker already hid the credential', () => {
    const row = toRow(
      'site/thermo',
      inspected(1, 'in', connect(1, 9, ['site', 'thermo', '<redacted>'])),
      1,
      1,
    );
    expect(row.summary).toBe('site/thermo');
  });

  it('read the resource of DESCRIBE and START_STREAM from field 3 on pv0 connections', () => {
    const frame = {
      ...inspected(1, 'out', run(1, 'x')),
      type: 'DESCRIBE',
      fields: { stream_id: 1, payload: 'led' },
    };
    expect(toRow('a/b', frame, 1, 0).resource).toBe('led');
    expect(toRow('a/b', frame, 1, 1).resource).toBeNull();
  });

  it('name the server action a device calls (IOTMP.md §5.12)', () => {
    const row = toRow('a/b', inspected(1, 'in', run(3, 1, { payload: 'config' })), 1, 1);
    expect(row.resource).toBe('READ_DEVICE_PROPERTY');
  });

  it('take an answer resource from the request, and mark malformed frames and ERRORs as errors', () => {
    expect(toRow('a/b', inspected(2, 'in', ok(5)), 2, 1, 'setpoint').resource).toBe('setpoint');
    const bad = toRow('a/b', malformed(3), 3, 1);
    expect(bad).toMatchObject({ errorCode: 'UNKNOWN_WIRE_TYPE', errorOffset: 0, isError: true });
    expect(bad.summary).toBe('UNKNOWN_WIRE_TYPE · wire type 7 of field 1 is not defined for pv1');
    expect(toRow('a/b', inspected(4, 'in', error(5, { parameters: 400 })), 4, 1).isError).toBe(
      true,
    );
  });

  it('parse the codec error wording, and leave other text alone', () => {
    expect(parseCodecError('FRAME_TOO_LARGE at byte 1: too big')).toEqual({
      code: 'FRAME_TOO_LARGE',
      offset: 1,
      detail: 'too big',
    });
    expect(parseCodecError('BAD_INPUT: nope')).toEqual({
      code: 'BAD_INPUT',
      offset: null,
      detail: 'nope',
    });
    expect(parseCodecError('socket closed').code).toBeNull();
  });
});

describe('inspector filters', () => {
  const rows = [
    toRow('site/a', inspected(1, 'out', run(1, 'temp')), 1, 1),
    toRow('site/a', inspected(2, 'in', ok(1, { payload: { celsius: 21.5 } })), 2, 1, 'temp'),
    toRow('site/a', inspected(3, 'in', keepAlive()), 3, 1),
    toRow('site/b', inspected(4, 'in', keepAlive()), 4, 1),
    toRow('site/b', inspected(5, 'in', error(2, { parameters: 404 })), 5, 1),
  ];
  const types = (list: typeof rows) => list.map((r) => `${r.device} ${r.frame.type}`);

  it('hide KEEP_ALIVE by default and still count it on its chip', () => {
    expect(types(applyFilter(rows, DEFAULT_FILTER, null))).not.toContain('site/a KEEP_ALIVE');
    expect(chipCounts(rows, DEFAULT_FILTER, null)).toMatchObject({
      KEEP_ALIVE: 2,
      RUN: 1,
      OK: 1,
      ERROR: 1,
    });
    const all = { ...DEFAULT_FILTER, hiddenTypes: [] };
    expect(applyFilter(rows, all, null)).toHaveLength(5);
    expect(isNarrowed(DEFAULT_FILTER)).toBe(false);
    expect(isNarrowed(all)).toBe(true);
  });

  it('filter by device, direction, free text over the decoded fields, and errors only', () => {
    expect(types(applyFilter(rows, DEFAULT_FILTER, new Set(['site/b'])))).toEqual(['site/b ERROR']);
    expect(types(applyFilter(rows, { ...DEFAULT_FILTER, direction: 'out' }, null))).toEqual([
      'site/a RUN',
    ]);
    expect(types(applyFilter(rows, { ...DEFAULT_FILTER, text: 'CELSIUS  temp' }, null))).toEqual([
      'site/a OK',
    ]);
    expect(types(applyFilter(rows, { ...DEFAULT_FILTER, errorsOnly: true }, null))).toEqual([
      'site/b ERROR',
    ]);
    expect(
      chipCounts(rows, { ...DEFAULT_FILTER, direction: 'in' }, new Set(['site/a'])).KEEP_ALIVE,
    ).toBe(1);
  });
});
