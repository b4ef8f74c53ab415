/**
 * Test helpers for the emulated boards of ../shared/tools/virtual-board (real Optiboot and
 * stk500v2 bootloaders on ptys). Boards belong to the test process (--owner-pid), so they die
 * with it even if it is killed; tests also stop them in afterAll.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SerialLink, SerialOpener } from '../../serial/SerialLink';
import { openSerialLink } from '../../serial/SerialLink';

const run = promisify(execFile);

export const VBOARD = fileURLToPath(
  new URL('../../../../shared/tools/virtual-board/vboard', import.meta.url),
);
export const FIRMWARE_DIR = fileURLToPath(
  new URL('../../../../shared/fixtures/firmware/', import.meta.url),
);

export type BoardKind = 'uno' | 'mega2560';

export const firmwarePath = (kind: BoardKind, name: 'hello' | 'hello-v2' | 'big'): string =>
  `${FIRMWARE_DIR}${kind}/${name}.hex`;

export interface VirtualBoard {
  readonly kind: BoardKind;
  readonly dir: string;
  /** Symlink to the pty: the port path. */
  readonly port: string;
  /** The simulator's pid. */
  readonly pid: number;
}

let missing: string | null | undefined;
/**
 * Why emulated boards cannot run here: the virtual board's Debian packages are absent (its build
 * says so, naming them); null when they are installed. Only that skips a test: any other failure
 * of the board shows as the test's failure. CI installs them (`npm test` does too).
 */
export function vboardMissing(): string | null {
  if (missing === undefined) {
    const r = spawnSync('bash', [VBOARD, 'build'], { env: cleanEnv(), encoding: 'utf8' });
    missing = r.status !== 0 && /apt-get install/.test(r.stderr) ? r.stderr.trim() : null;
  }
  return missing;
}

export interface StartOptions {
  /** Preloaded application (a .hex path). */
  app?: string;
  /** Flash page erase/write time in µs (vboard default 4000; 0 = instant, for fast tests). */
  spmUs?: number;
  noResetOnOpen?: boolean;
  /** Log resets and port open/close to DIR/log. */
  verbose?: boolean;
}

/** The environment without VBOARD_* values: VBOARD_BOOTLOADER would override every board's. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VBOARD_')));
}

export async function startBoard(
  kind: BoardKind,
  options: StartOptions = {},
): Promise<VirtualBoard> {
  const args = ['start', kind, '--owner-pid', String(process.pid), '--max-lifetime', '600'];
  if (options.app) args.push('--app', options.app);
  if (options.spmUs !== undefined) args.push('--spm-us', String(options.spmUs));
  if (options.noResetOnOpen) args.push('--no-reset-on-open');
  if (options.verbose) args.push('-v');
  const { stdout } = await run('bash', [VBOARD, ...args], { env: cleanEnv(), encoding: 'utf8' });
  const env = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { kind, dir: env.VBOARD_DIR!, port: env.VBOARD_PORT!, pid: Number(env.VBOARD_PID) };
}

export async function stopBoards(...boards: (VirtualBoard | undefined)[]): Promise<void> {
  const dirs = boards.filter((b): b is VirtualBoard => !!b).map((b) => b.dir);
  if (dirs.length === 0) return;
  await run('bash', [VBOARD, 'stop', ...dirs], {
    env: { ...cleanEnv(), VBOARD_QUIET: '1' },
  }).catch(() => undefined);
}

/** An opener that counts opens and knows which links are still open (tests assert none are). */
export function trackingOpener(inner: SerialOpener = openSerialLink): {
  open: SerialOpener;
  opens: () => number;
  live: () => number;
} {
  let opens = 0;
  const live = new Set<SerialLink>();
  return {
    open: async (path, options) => {
      opens++;
      const link = await inner(path, options);
      live.add(link);
      link.onClose(() => live.delete(link));
      return link;
    },
    opens: () => opens,
    live: () => live.size,
  };
}
