/** The `iotmp` command, run as a real process the way support engineers and CI run it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const VECTORS = resolve(ROOT, '../shared/spec/vectors');

function iotmp(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/iotmp.mjs'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastLine = (s: string): string => s.trimEnd().split('\n').pop() ?? '';

describe('iotmp vectors', () => {
  it('passes every shared vector and ends with the count line', () => {
    const r = iotmp('vectors', VECTORS);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+ passed, 0 failed$/);
    expect(Number(lastLine(r.stdout).split(' ')[0])).toBeGreaterThanOrEqual(273);
  });

  it('prints one line per failing vector and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-vectors-'));
    copyFileSync(join(VECTORS, 'varint.json'), join(dir, 'varint.json'));
    writeFileSync(
      join(dir, 'broken.json'),
      JSON.stringify([
        { name: 'wrong_hex', kind: 'pson', pv: 1, value: 1, hex: '02' },
        { name: 'not_rejected', kind: 'varint', hex: '01', error: true },
        { name: 'neg_zero', kind: 'pson', pv: 1, value: { $double: '-0' }, hex: '00' },
        { name: 'fine', kind: 'pson', pv: 1, value: true, hex: '61' },
        { kind: 'pson' },
      ]),
    );
    const r = iotmp('vectors', dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toHaveLength(4);
    // A vector the checker cannot read is its own failure, not a crash.
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/FAIL \S*broken\.json neg_zero: read: .*\$double/);
    expect(r.stdout).toMatch(/FAIL \S*broken\.json wrong_hex: decode: decoded 2, expected 1/);
    expect(r.stdout).toMatch(
      /FAIL \S*broken\.json not_rejected: decode: invalid input was accepted/,
    );
    expect(r.stdout).toMatch(/FAIL \S*broken\.json #4: not a vector: no "name"/);
    expect(lastLine(r.stdout)).toMatch(/^\d+ passed, 4 failed$/);
  });

  it('names a missing path in one line and exits 2', () => {
    const r = iotmp('vectors', '/nonexistent/vectors');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('iotmp: /nonexistent/vectors: no such file or folder');
  });
});

describe('iotmp decode', () => {
  it('prints a frame as JSON in the vectors conventions', () => {
    const r = iotmp('decode', '--compact', '06 09 08 43 1a 61 22 83 6c 65 64');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      type: 'RUN',
      type_id: 6,
      fields: { stream_id: 67, payload: true, resource: 'led' },
      field_order: [1, 3, 4],
      pv: 1,
      offset: 0,
      size: 11,
    });
  });

  it('recognises a legacy pv0 connection from its CONNECT and keeps pv0 for later frames', () => {
    const r = iotmp(
      'decode',
      '--compact',
      '0324100119721b4a0575736572314a0773656e736f72314a0973656372657431323308e78a01',
      '0500',
    );
    const frames = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { pv: number; type: string });
    expect(frames.map((f) => [f.type, f.pv])).toEqual([
      ['CONNECT', 0],
      ['KEEP_ALIVE', 0],
    ]);
  });

  it('decodes one PSON value with --pson, bigints and bytes in the vectors notation', () => {
    const r = iotmp(
      'decode',
      '--pson',
      '--compact',
      'c2 81 61 1fffffffffffffffffff01 81 62 a2 dead',
    );
    expect(JSON.parse(r.stdout)).toEqual({
      a: { $bigint: '18446744073709551615' },
      b: { $bytes: 'dead' },
    });
  });

  it.each([
    ['a bad hex digit', ['01zz'], "iotmp: bad hex: 'z' at character 2 is not a hex digit"],
    [
      'an odd number of digits',
      ['010'],
      'iotmp: bad hex: odd number of hex digits (the last byte is incomplete)',
    ],
    [
      'a truncated body',
      ['01041a83'],
      'iotmp: cannot decode the frame at byte 0: FRAME_TRUNCATED at byte 2: frame declares 4 body bytes, 2 present',
    ],
    [
      'a bad PSON value inside a frame',
      ['01021a63'],
      'iotmp: cannot decode the frame at byte 0: PSON_BAD_DISCRETE at byte 3: discrete value 3 is not false/true/null',
    ],
  ])('rejects %s with one line naming the offset, exit 2', (_name, args, message) => {
    const r = iotmp('decode', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(message);
    expect(r.stdout).toBe('');
  });
});

describe('iotmp encode', () => {
  it('prints the hex of a message, fields in ascending order', () => {
    const r = iotmp(
      'encode',
      '{"type":"RUN","fields":{"resource":"led","payload":true,"stream_id":67}}',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('060908431a6122836c6564');
  });

  it('encodes pv0 when asked, including the legacy CONNECT field order', () => {
    const r = iotmp(
      'encode',
      '--pv',
      '0',
      '{"type":"CONNECT","fields":{"parameters":1,"payload":["user1","sensor1","secret123"],"stream_id":17767},"field_order":[2,3,1]}',
    );
    expect(r.stdout.trim()).toBe(
      '0324100119721b4a0575736572314a0773656e736f72314a0973656372657431323308e78a01',
    );
  });

  it.each([
    ['invalid JSON', ['{"type":"RUN",}'], /^iotmp: invalid JSON at character 14: /],
    [
      'a bad $bytes value',
      ['{"type":"RUN","fields":{"payload":{"$bytes":"zz"}}}'],
      /^iotmp: cannot encode: \$\.fields\.payload\.\$bytes: /,
    ],
    [
      'an unknown field name',
      ['{"type":"RUN","fields":{"colour":1}}'],
      /^iotmp: cannot encode: \$\.fields\.colour: unknown field name/,
    ],
    [
      'an unknown type',
      ['{"type":"BLINK"}'],
      /^iotmp: cannot encode: \$\.type: unknown message type "BLINK"/,
    ],
    ['a bad --pv', ['--pv', '3', '{}'], /argument '3' is invalid. must be 0 or 1/],
  ])('rejects %s in one line, exit 2', (_name, args, message) => {
    const r = iotmp('encode', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toMatch(message);
  });
});
