import { describe, expect, it } from 'vitest';
import { HEX_JOIN_MS, joinHex, problemOf, reportedState } from './model';

describe('serial model', () => {
  const row = (t: number, bytes: number) => ({ seq: 1, t, text: 'ab'.repeat(bytes) });

  it('a chunk that follows closely fills the last hex row up to 16 bytes', () => {
    expect(joinHex(row(1_000, 14), 1_000 + HEX_JOIN_MS, '0102030405')).toEqual({
      filled: { seq: 1, t: 1_000, text: 'ab'.repeat(14) + '0102' },
      rest: '030405',
    });
  });

  it('a pause, a full row or no row at all starts a new row', () => {
    expect(joinHex(row(0, 2), HEX_JOIN_MS + 1, '01')).toEqual({ filled: null, rest: '01' });
    expect(joinHex(row(0, 16), 0, '01')).toEqual({ filled: null, rest: '01' });
    expect(joinHex(null, 0, '01')).toEqual({ filled: null, rest: '01' });
  });

  it('a failed call reads as a status-line problem with its code, else INTERNAL', () => {
    const busy = Object.assign(new Error('port busy: held by the flasher'), { code: 'PORT_BUSY' });
    expect(problemOf(busy)).toEqual({
      code: 'PORT_BUSY',
      message: 'Port busy: held by the flasher',
      detail: null,
    });
    expect(problemOf('gone')).toEqual({ code: 'INTERNAL', message: 'Gone', detail: null });
  });

  it("takes only main's reported fields from a monitor", () => {
    const m = {
      status: 'connected' as const,
      message: 'Open',
      baudRate: 9600,
      error: null,
      port: 'x',
    };
    expect(reportedState(m)).toEqual({
      status: 'connected',
      message: 'Open',
      baudRate: 9600,
      error: null,
    });
  });
});
