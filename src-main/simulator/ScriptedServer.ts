/**
 * A minimal scripted IoTMP server for the simulator's tests (and anyone who wants to drive a
 * simulated device by hand): it accepts connections on 127.0.0.1 over TCP, TLS, WS or WSS, splits
 * what arrives into frames, and lets the test read them one by one and write any bytes back. It
 * has no protocol logic of its own.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as https from 'node:https';
import * as http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { bytesToHex, decodeBody, encodeFrame, FrameParser, type Message } from '../protocol';
import type { TransportKind } from './transport';

export interface ReceivedFrame {
  /** Whole frame as hex, lower case, no spaces. */
  hex: string;
  bytes: Uint8Array;
  message: Message | undefined;
  /** WebSocket transports: whether the message came in a binary (true) or text (false) frame. */
  wsBinary?: boolean;
  /** WebSocket transports: how many IOTMP frames the WebSocket message held. */
  framesInWsMessage?: number;
}

export interface TlsMaterial {
  key: string;
  cert: string;
}

export class ServerConnection {
  readonly received: ReceivedFrame[] = [];
  /** TLS: the negotiated protocol and the SNI the client sent. */
  tlsProtocol: string | null = null;
  servername: string | false | null | undefined;
  /** WebSocket: request path and subprotocol. */
  wsPath: string | undefined;
  wsProtocol: string | undefined;
  readonly closed: Promise<void>;
  isClosed = false;
  private waiters: ((f: ReceivedFrame) => void)[] = [];
  private readonly parser = new FrameParser({
    onFrame: (f) => {
      let message: Message | undefined;
      try {
        message = decodeBody(f.type, f.body, 1);
      } catch {
        message = undefined;
      }
      const frame: ReceivedFrame = {
        hex: bytesToHex(f.bytes),
        bytes: new Uint8Array(f.bytes),
        message,
      };
      if (this.batch) this.batch.push(frame);
      else this.deliver(frame);
    },
  });
  private batch: ReceivedFrame[] | null = null;

  constructor(
    /** The device's TCP/TLS socket, or its WebSocket on ws/wss. */
    private readonly link: net.Socket | WebSocket,
  ) {
    if (link instanceof net.Socket) {
      const socket = link;
      socket.on('data', (b: Buffer) => this.parser.push(b));
      socket.on('error', () => undefined);
      this.closed = new Promise((r) => socket.once('close', () => r()));
      if (socket instanceof tls.TLSSocket) {
        this.tlsProtocol = socket.getProtocol();
        this.servername = socket.servername;
      }
    } else {
      const w = link;
      w.on('message', (data: Buffer, isBinary: boolean) => {
        const batch: ReceivedFrame[] = [];
        this.batch = batch;
        try {
          this.parser.push(data);
        } finally {
          this.batch = null;
        }
        for (const f of batch) {
          f.wsBinary = isBinary;
          f.framesInWsMessage = batch.length;
          this.deliver(f);
        }
      });
      w.on('error', () => undefined);
      this.closed = new Promise((r) => w.once('close', () => r()));
      const raw = (w as unknown as { _socket: net.Socket })._socket;
      if (raw instanceof tls.TLSSocket) {
        this.tlsProtocol = raw.getProtocol();
        this.servername = raw.servername;
      }
      this.wsProtocol = w.protocol;
    }
    void this.closed.then(() => (this.isClosed = true));
  }

  private deliver(f: ReceivedFrame): void {
    const w = this.waiters.shift();
    if (w) w(f);
    else this.received.push(f);
  }

  /** The next frame from the device (waits up to `timeoutMs` of real time). */
  next(timeoutMs = 2000): Promise<ReceivedFrame> {
    const f = this.received.shift();
    if (f) return Promise.resolve(f);
    return new Promise((resolve, reject) => {
      const waiter = (fr: ReceivedFrame): void => {
        clearTimeout(t);
        resolve(fr);
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no frame from the device within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends raw bytes (one WebSocket binary message on WebSocket transports). */
  sendBytes(bytes: Uint8Array | string): void {
    const b = typeof bytes === 'string' ? Buffer.from(bytes.replace(/\s+/g, ''), 'hex') : bytes;
    if (this.link instanceof net.Socket) this.link.write(b);
    else this.link.send(b, { binary: true });
  }

  send(m: Message): void {
    this.sendBytes(new Uint8Array(encodeFrame(m, 1)));
  }

  /** Sends `m` and returns the device's next frame. */
  async request(m: Message, timeoutMs?: number): Promise<ReceivedFrame> {
    this.send(m);
    return this.next(timeoutMs);
  }

  /** Stops reading from the device (TCP/TLS), so its writes back up. */
  pause(): void {
    if (this.link instanceof net.Socket) this.link.pause();
  }

  close(): Promise<void> {
    if (this.link instanceof net.Socket) this.link.destroy();
    else this.link.terminate();
    return this.closed;
  }
}

export class ScriptedServer {
  readonly connections: ServerConnection[] = [];
  private connWaiters: ((c: ServerConnection) => void)[] = [];
  private server: net.Server | undefined;
  private wss: WebSocketServer | undefined;
  port = 0;

  private constructor(readonly transport: TransportKind) {}

  static async start(transport: TransportKind, tlsMaterial?: TlsMaterial): Promise<ScriptedServer> {
    const needsTls = transport === 'tls' || transport === 'wss';
    if (needsTls && !tlsMaterial) throw new Error(`${transport} needs a key and certificate`);
    const tlsOptions = { ...tlsMaterial };
    const self = new ScriptedServer(transport);
    let server: net.Server;
    if (transport === 'tcp') {
      server = net.createServer((s) => self.accept(new ServerConnection(s)));
    } else if (transport === 'tls') {
      server = tls.createServer({ ...tlsOptions, minVersion: 'TLSv1.2' }, (s) =>
        self.accept(new ServerConnection(s)),
      );
    } else {
      server = transport === 'wss' ? https.createServer(tlsOptions) : http.createServer();
      self.wss = new WebSocketServer({
        server: server as http.Server,
        skipUTF8Validation: true,
        perMessageDeflate: false,
        handleProtocols: (protocols) => (protocols.has('iotmp') ? 'iotmp' : false),
      });
      self.wss.on('connection', (ws, req) => {
        const c = new ServerConnection(ws);
        c.wsPath = req.url;
        self.accept(c);
      });
    }
    self.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.port = (server.address() as net.AddressInfo).port;
    return self;
  }

  private accept(c: ServerConnection): void {
    const w = this.connWaiters.shift();
    if (w) w(c);
    this.connections.push(c);
  }

  /** The `n`-th connection (0-based), waiting up to `timeoutMs` of real time for it. */
  connection(n: number, timeoutMs = 2000): Promise<ServerConnection> {
    const existing = this.connections[n];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`connection #${n} did not arrive within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = (): void => {
        const c = this.connections[n];
        if (c) {
          clearTimeout(t);
          resolve(c);
        } else this.connWaiters.push(() => queueMicrotask(check));
      };
      check();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close()));
    this.wss?.close();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
