/**
 * Starts Thinger's reference Linux client (IOTMP_LINUX_BIN, built outside this repository) as a
 * test peer: a clean environment (it refuses unknown THINGER_* variables) and a throwaway folder
 * as the root of its `$fs` resources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IotmpLinuxOptions {
  /** `127.0.0.1`, or `127.0.0.1:PORT/iotmp?` to move its WSS port (its TCP/TLS ports are fixed). */
  host: string;
  transport: 'tcp' | 'ssl' | 'ws';
  credentials?: [user: string, device: string, credential: string];
}

export function spawnIotmpLinux(
  bin: string,
  o: IotmpLinuxOptions,
): { child: ChildProcess; root: string } {
  const [user, device, credential] = o.credentials ?? ['user1', 'sensor1', 'secret123'];
  const root = mkdtempSync(join(tmpdir(), 'iotmp-linux-fs-'));
  const args = [
    '-h',
    o.host,
    '-t',
    o.transport,
    '-u',
    user,
    '-d',
    device,
    '-p',
    credential,
    '-f',
    root,
    '-v',
    '0',
  ];
  const child = spawn(bin, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root },
    cwd: root,
    stdio: 'ignore',
  });
  return { child, root };
}
