/**
 * A raw IoTMP peer for integration tests: connects over TCP, TLS or WebSocket(-TLS) to a
 * broker on 127.0.0.1, sends exact bytes and reads whole frames. WebSocket frames are sent as
 * text frames carrying binary bytes, like IOTMP-Linux (IOTMP.md §1.6).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import WebSocket from 'ws';
import {
  FrameParser,
  bytesToHex,
  decodeBody,
  type Message,
  type ProtocolVersion,
} from '../../protocol';

export type WireTransport = 'tcp' | 'tls' | 'ws' | 'wss';

export interface WireFrame {
  hex: string;
  message: Message;
}

export class WireClient {
  private readonly frames: WireFrame[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  /** WebSocket opcodes of received data frames (1 text, 2 binary). */
  readonly opcodes: number[] = [];
  /** Stops reading from the network (a device that never reads). */
  pause: () => void = () => {};

  private constructor(
    private readonly writeFn: (b: Uint8Array) => void,
    private readonly closeFn: () => void,
    readonly pv: ProtocolVersion,
  ) {}

  static async connect(
    transport: WireTransport,
    port: number,
    pv: ProtocolVersion = 1,
    path = '/iotmp',
  ): Promise<WireClient> {
    let client!: WireClient;
    const parser = new FrameParser({
      onFrame: (f) => {
        client.frames.push({
          hex: bytesToHex(f.bytes),
          message: decodeBody(f.type, f.body, client.pv),
        });
        client.wake();
      },
    });
    if (transport === 'ws' || transport === 'wss') {
      const ws = new WebSocket(`${transport}://127.0.0.1:${port}${path}`, 'iotmp', {
        rejectUnauthorized: false,
      });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      client = new WireClient(
        (b) => ws.send(b, { binary: false }),
        () => ws.terminate(),
        pv,
      );
      client.pause = () => ws.pause();
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        client.opcodes.push(isBinary ? 2 : 1);
        parser.push(data);
      });
      ws.on('close', () => client.markClosed());
      ws.on('error', () => client.markClosed());
      return client;
    }
    const socket: Socket =
      transport === 'tls'
        ? tlsConnect({
            host: '127.0.0.1',
            port,
            rejectUnauthorized: false,
            servername: 'localhost',
            maxVersion: 'TLSv1.2',
          })
        : netConnect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(transport === 'tls' ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    client = new WireClient(
      (b) => socket.write(b),
      () => socket.destroy(),
      pv,
    );
    socket.on('data', (d: Buffer) => parser.push(d));
    client.pause = () => socket.pause();
    socket.on('close', () => client.markClosed());
    socket.on('error', () => client.markClosed());
    return client;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private markClosed(): void {
    this.closed = true;
    this.wake();
  }

  send(bytes: Uint8Array): void {
    this.writeFn(bytes);
  }

  /** The next frame from the broker, or an error after `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<WireFrame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.closed) throw new Error('connection closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames.shift()!;
  }

  /** Resolves when the broker closes the connection. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  close(): void {
    this.closeFn();
  }
}

/** Connects and authenticates a device; resolves once the broker's OK arrived. */
export async function connectDevice(
  port: number,
  creds: [user: string, device: string, credential: string],
  transport: WireTransport = 'tcp',
): Promise<WireClient> {
  const { connect: connectMessage, encodeFrame } = await import('../../protocol');
  const client = await WireClient.connect(transport, port);
  client.send(encodeFrame(connectMessage(1, 4242, creds), 1));
  const answer = await client.next(3000);
  if (answer.message.type !== 1) throw new Error(`CONNECT refused: ${answer.hex}`);
  return client;
}
