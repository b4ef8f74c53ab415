/**
 * Test helpers for ../shared/tools/virtual-esp (emulated ESP32 boards on ptys, with the real
 * ESP-IDF NVS reader and the IoTMP device app). Boards belong to the test process (--owner-pid).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const VESP = fileURLToPath(
  new URL('../../../../shared/tools/virtual-esp/virtual-esp', import.meta.url),
);
export const VESP_FIXTURES = fileURLToPath(
  new URL('../../../../shared/tools/virtual-esp/fixtures/', import.meta.url),
);

export interface VirtualEsp {
  readonly dir: string;
  readonly port: string;
  readonly chip: string;
}

export async function vesp(...args: string[]): Promise<string> {
  const { stdout } = await run('python3', [VESP, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VESP_QUIET: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export async function startEsp(chip: string, ...extra: string[]): Promise<VirtualEsp> {
  const out = await vesp(
    'start',
    chip,
    '--owner-pid',
    String(process.pid),
    '--max-lifetime',
    '300',
    ...extra,
  );
  const env = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { dir: env.VESP_DIR!, port: env.VESP_PORT!, chip: env.VESP_CHIP! };
}

export async function stopEsps(...boards: (VirtualEsp | undefined)[]): Promise<void> {
  const dirs = boards.filter((b): b is VirtualEsp => !!b).map((b) => b.dir);
  if (dirs.length) await vesp('stop', ...dirs).catch(() => undefined);
}

export interface NvsDump {
  namespaces: Record<string, Record<string, { type: string; value: string | number }>>;
  problems: string[];
}

/** Decodes an NVS image with the virtual ESP's reader (lib/vesp/nvs.py). */
export async function dumpNvs(file: string): Promise<NvsDump> {
  return JSON.parse(await vesp('nvs-dump', file)) as NvsDump;
}
