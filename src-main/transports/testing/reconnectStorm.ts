/**
 * A restart storm (D5): many devices connect to a broker at once over TCP on 127.0.0.1, spread over
 * several loopback source addresses (127.0.0.2…, all on `lo` on Linux) as devices behind a few
 * gateways would be, and each retries after a short random pause when refused or cut off, as
 * clients do (IOTMP.md §6.1). Resolves when every device is online or at the deadline; the
 * sockets stay open until `close()`. Shared by the storm test and `npm run bench:hostile`.
 */
import { connect as netConnect, type Socket } from 'node:net';
import {
  FrameParser,
  MessageType,
  connect as connectMessage,
  decodeBody,
  encodeFrame,
} from '../../protocol';

export interface StormDevice {
  user: string;
  device: string;
  credential: string;
}

export interface StormOptions {
  port: number;
  devices: StormDevice[];
  /** Source addresses used in turn (127.0.0.2 onwards). */
  addresses: number;
  deadlineMs: number;
  /** Pause before a retry: uniform in [min, 2 × min) ms. */
  retryMs?: number;
}

export interface StormResult {
  online: number;
  /** From the first connect to the last device online (or the deadline), seconds. */
  seconds: number;
  /** Connection attempts in all (retries included). */
  attempts: number;
  close: () => void;
}

const stormAddress = (i: number, addresses: number): string =>
  `127.0.0.${2 + (i % addresses)}`;

/** One attempt: resolves true on the broker's OK, false on ERROR, a close or a reset. */
export function tryConnect(
  port: number,
  address: string,
  d: StormDevice,
  keep: Socket[],
): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const s = netConnect({ host: '127.0.0.1', port, localAddress: address }, () => {
      s.write(encodeFrame(connectMessage(1, 17767, [d.user, d.device, d.credential]), 1));
    });
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      if (ok) keep.push(s);
      else s.destroy();
      resolve(ok);
    };
    const parser = new FrameParser({
      onFrame: (f) => finish(decodeBody(f.type, f.body, 1).type === MessageType.OK),
    });
    s.on('data', (b: Buffer) => {
      try {
        parser.push(b);
      } catch {
        finish(false);
      }
    });
    s.on('error', () => finish(false));
    s.on('close', () => finish(false));
  });
}

export async function reconnectStorm(o: StormOptions): Promise<StormResult> {
  const sockets: Socket[] = [];
  const retryMs = o.retryMs ?? 500;
  const t0 = performance.now();
  const deadline = t0 + o.deadlineMs;
  let online = 0;
  let attempts = 0;
  let last = t0;
  await Promise.all(
    o.devices.map(async (d, i) => {
      const address = stormAddress(i, o.addresses);
      while (performance.now() < deadline) {
        attempts++;
        if (await tryConnect(o.port, address, d, sockets)) {
          online++;
          last = performance.now();
          return;
        }
        await new Promise((r) => setTimeout(r, retryMs * (1 + Math.random())));
      }
    }),
  );
  return {
    online,
    seconds: ((online === o.devices.length ? last : performance.now()) - t0) / 1000,
    attempts,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}
