/**
 * Starts headless mode as a real process (`node --import tsx src-main/headless.ts …`) and
 * resolves with its output lines once it prints `running`; rejects with its output when it exits
 * first or takes longer than `timeoutMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface HeadlessProcess {
  child: ChildProcess;
  /** Its standard output so far, one entry per line (more arrive while it runs). */
  lines: string[];
}

/** Options for a test instance: API and TCP on ephemeral loopback ports, other transports off. */
export const TEST_HEADLESS_ARGS = [
  '--api-port',
  '0',
  '--device-host',
  '127.0.0.1',
  '--tcp-port',
  '0',
  '--tcp-legacy-port',
  'off',
  '--tls-port',
  'off',
  '--wss-port',
  'off',
];

/** How the process is started; headless mode's arguments are appended. */
export interface Launch {
  command: string;
  args: string[];
}

/** Headless mode from its sources, as our own user. */
export const NODE_LAUNCH: Launch = {
  command: process.execPath,
  args: ['--import', 'tsx', 'src-main/headless.ts'],
};

export function startHeadlessProcess(
  root: string,
  args: string[],
  timeoutMs = 30_000,
  launch: Launch = NODE_LAUNCH,
): Promise<HeadlessProcess> {
  const child = spawn(launch.command, [...launch.args, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "running" line:\n${lines.join('\n')}\n${stderr}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('running')) {
        clearTimeout(timer);
        resolve({ child, lines });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless mode exited ${code}:\n${lines.join('\n')}\n${stderr}`));
    });
  });
}
