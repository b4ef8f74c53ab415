/**
 * `iotmp commission` on a virtual Uno: the plan file, the board's steps as lines, and at the end
 * where its record and certificate went (files that exist), exit status 0.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../flash/testing/vboard';
import { runCommission } from './commissionCommand';
import { UsageError } from './UsageError';

describe.skipIf(vboardMissing())('iotmp commission (virtual Uno)', { timeout: 60_000 }, () => {
  let uno: VirtualBoard;
  let dir: string;
  beforeAll(async () => {
    uno = await startBoard('uno', { spmUs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'iotmp-cli-commission-'));
  });
  afterAll(async () => {
    await stopBoards(uno);
    rmSync(dir, { recursive: true, force: true });
  });

  const io = (lines: string[]) => ({
    out: (l: string) => lines.push(l),
    ask: null,
    signal: new AbortController().signal,
    studio: { scryptCost: { logN: 10, r: 8, p: 1 } },
  });

  it('prints each step and where each record and certificate went', async () => {
    const plan = join(dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify({
        name: 'Pump controller',
        target: { kind: 'avr', board: 'uno' },
        firmware: [{ file: firmwarePath('uno', 'hello') }],
        identity: { pattern: 'pump-{n}' },
        provisioning: 'none',
      }),
    );
    const lines: string[] = [];
    const status = await runCommission(
      {
        plan,
        port: [uno.port],
        site: 'Roof A',
        technician: 'Ana',
        dataDir: join(dir, 'data'),
        out: join(dir, 'out'),
        tcpPort: 0,
      },
      io(lines),
    );
    expect(status, lines.join('\n')).toBe(0);
    expect(lines.some((l) => / flash +passed +verified 284 bytes/.test(l))).toBe(true);
    const done = lines.find((l) => l.startsWith(`${uno.port}: PASS studio/pump-1; record `))!;
    const pdf = /certificate (\S+\.pdf)/.exec(done)![1]!;
    expect(existsSync(pdf)).toBe(true);
    expect(existsSync(pdf.replace(/\.pdf$/, '.json'))).toBe(true);
    expect(lines.at(-1)).toBe('1 of 1 board(s) passed');
  });

  it('a plan that is not valid is a usage error naming the field', async () => {
    const plan = join(dir, 'bad.json');
    writeFileSync(
      plan,
      JSON.stringify({
        name: 'x',
        target: { kind: 'avr', board: 'uno' },
        identity: { pattern: 'a b' },
        provisioning: 'none',
      }),
    );
    await expect(
      runCommission(
        {
          plan,
          port: [uno.port],
          site: 'Roof A',
          technician: '',
          dataDir: join(dir, 'data'),
          out: dir,
        },
        io([]),
      ),
    ).rejects.toThrow(UsageError);
    await expect(
      runCommission(
        {
          plan,
          port: [uno.port],
          site: 'Roof A',
          technician: '',
          dataDir: join(dir, 'data'),
          out: dir,
        },
        io([]),
      ),
    ).rejects.toThrow(/identity\.pattern: letters, digits/);
  });
});
