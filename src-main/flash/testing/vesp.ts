/**
 * Test helpers for the emulated ESP boards of ../shared/tools/virtual-esp (ROM loader, stub,
 * NOR flash and UART pacing on a pty). Boards belong to the test process (--owner-pid) and have a
 * lifetime bound; tests also stop them in afterAll.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const VESP = fileURLToPath(
  new URL('../../../../shared/tools/virtual-esp/virtual-esp', import.meta.url),
);
export const VESP_FIXTURES = fileURLToPath(
  new URL('../../../../shared/tools/virtual-esp/fixtures/', import.meta.url),
);

export type EspKind = 'esp32' | 'esp32s3' | 'esp8266';

export const vespFixture = (chip: EspKind, name: string): string =>
  `${VESP_FIXTURES}${chip}/${name}`;
export const readFixture = (chip: EspKind, name: string): Uint8Array =>
  new Uint8Array(readFileSync(vespFixture(chip, name)));

export interface VirtualEsp {
  readonly chip: EspKind;
  readonly dir: string;
  readonly port: string;
  readonly mac: string;
  readonly flashSize: number;
}

export interface VespOptions {
  app?: string;
  flashSize?: '1MB' | '2MB' | '4MB' | '8MB' | '16MB';
  /** Erase/program/MD5 time multiplier; 0 = instant (tests that are not about timing). */
  flashTimeScale?: number;
  preload?: Record<number, string>;
  verbose?: boolean;
  /** Further `virtual-esp start` options as they are spelled there (`--mac`, `--nvs`, …). */
  extra?: readonly string[];
}

export async function vesp(...args: string[]): Promise<string> {
  const { stdout } = await run('python3', [VESP, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VESP_QUIET: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export async function startEsp(chip: EspKind, options: VespOptions = {}): Promise<VirtualEsp> {
  const args = ['start', chip, '--owner-pid', String(process.pid), '--max-lifetime', '600'];
  if (options.app) args.push('--app', options.app);
  if (options.flashSize) args.push('--flash-size', options.flashSize);
  if (options.flashTimeScale !== undefined)
    args.push('--flash-time-scale', String(options.flashTimeScale));
  for (const [addr, file] of Object.entries(options.preload ?? {})) {
    args.push('--preload', `0x${Number(addr).toString(16)}=${file}`);
  }
  if (options.verbose) args.push('-v');
  if (options.extra) args.push(...options.extra);
  const env = Object.fromEntries(
    (await vesp(...args))
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    chip,
    dir: env.VESP_DIR!,
    port: env.VESP_PORT!,
    mac: env.VESP_MAC!,
    flashSize: Number(env.VESP_FLASH_SIZE),
  };
}

export async function stopEsps(...boards: (VirtualEsp | undefined)[]): Promise<void> {
  const dirs = boards.filter((b): b is VirtualEsp => !!b).map((b) => b.dir);
  if (dirs.length) await vesp('stop', ...dirs).catch(() => undefined);
}

/** The emulated flash, read through the control socket (no serial traffic, no reset). */
export async function dumpFlash(
  board: VirtualEsp,
  addr: number,
  size: number,
): Promise<Uint8Array> {
  const out = join(board.dir, `dump-${process.pid}-${addr}.bin`);
  await vesp('dump', board.dir, `0x${addr.toString(16)}`, String(size), '-o', out);
  const data = new Uint8Array(readFileSync(out));
  rmSync(out, { force: true });
  return data;
}

export async function espStatus(board: VirtualEsp): Promise<Record<string, unknown>> {
  return JSON.parse(await vesp('status', board.dir)) as Record<string, unknown>;
}

/** Opens the port (a reset) and waits for a line matching `pattern`; that line. */
export async function expectLine(
  board: VirtualEsp,
  pattern: string,
  timeoutS = 15,
): Promise<string> {
  const out = await vesp('expect', board.dir, pattern, '--timeout', String(timeoutS));
  const re = new RegExp(pattern);
  return out.split(/\r?\n/).find((l) => re.test(l)) ?? out;
}
