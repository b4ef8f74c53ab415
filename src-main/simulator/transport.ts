/**
 * Client transports of the simulator, as IOTMP-Linux dials them (IOTMP.md §1.4–§1.6): plain TCP,
 * TLS 1.2 without certificate checks and with SNI, and WebSocket (`/iotmp`, subprotocol `iotmp`)
 * plain or over TLS, one IOTMP frame per WebSocket message sent as a *text* frame.
 */
import { isIP } from 'node:net';
import * as net from 'node:net';
import * as tls from 'node:tls';
import WebSocket from 'ws';

export type TransportKind = 'tcp' | 'tls' | 'ws' | 'wss';

export interface LinkTarget {
  transport: TransportKind;
  host: string;
  port: number;
  /** WebSocket path; IOTMP-Linux uses `/iotmp`. */
  wsPath: string;
  /** Send WebSocket frames as text (opcode 1) like IOTMP-Linux 2026; false: binary. */
  wsTextFrames: boolean;
  /** TLS server name; defaults to the host unless it is an IP address (Node refuses IP SNI). */
  servername?: string;
  /**
   * Disable Nagle's algorithm on TCP/TLS (IOTMP-Linux leaves it on, which delays its first
   * sample by ~40 ms, §9.5; tests and benchmarks want it off). WebSocket links always have it off.
   */
  noDelay: boolean;
  /** Largest WebSocket message accepted (a frame plus its header). */
  maxMessageBytes: number;
}

export interface LinkHandlers {
  onOpen(): void;
  onData(bytes: Uint8Array): void;
  /** Called once when the link fails or the peer closes it; never after `close()`. */
  onClose(reason: string): void;
}

/** One connection attempt and, once open, the connection. */
export interface Link {
  send(bytes: Uint8Array): void;
  /** Bytes written but not yet handed to the kernel. */
  readonly bufferedBytes: number;
  /** Destroys the connection; resolves once its socket is fully closed. */
  close(): Promise<void>;
}

function tlsName(target: LinkTarget): string | undefined {
  const name = target.servername ?? target.host;
  return isIP(name) === 0 ? name : undefined;
}

export function openLink(target: LinkTarget, h: LinkHandlers): Link {
  return target.transport === 'ws' || target.transport === 'wss'
    ? openWebSocket(target, h)
    : openSocket(target, h);
}

function openSocket(target: LinkTarget, h: LinkHandlers): Link {
  let closedByUs = false;
  let reason = 'connection closed by the server';
  let socket: net.Socket;
  if (target.transport === 'tls') {
    // §1.5: IOTMP-Linux pins TLS 1.2, does not verify the certificate, and sends SNI.
    socket = tls.connect({
      host: target.host,
      port: target.port,
      servername: tlsName(target),
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
    });
    socket.once('secureConnect', () => !closedByUs && h.onOpen());
  } else {
    socket = net.connect({ host: target.host, port: target.port });
    socket.once('connect', () => !closedByUs && h.onOpen());
  }
  socket.setNoDelay(target.noDelay);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (b: Buffer) => !closedByUs && h.onData(b));
  socket.on('error', (e) => (reason = e.message));
  socket.on('end', () => socket.end());
  void closed.then(() => !closedByUs && h.onClose(reason));
  return {
    send: (bytes) => void socket.write(bytes),
    get bufferedBytes() {
      return socket.writableLength;
    },
    close() {
      closedByUs = true;
      socket.destroy();
      return closed;
    },
  };
}

function openWebSocket(target: LinkTarget, h: LinkHandlers): Link {
  let closedByUs = false;
  let reason = 'connection closed by the server';
  const scheme = target.transport === 'wss' ? 'wss' : 'ws';
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  // `ws` hands these options to tls.connect (servername included, though its types omit it).
  const options: WebSocket.ClientOptions & { servername?: string } = {
    // §1.5: the WSS transport does not check the certificate either; SNI is sent.
    rejectUnauthorized: false,
    servername: tlsName(target),
    // §1.6: IOTMP bytes travel in text frames and are not UTF-8.
    skipUTF8Validation: true,
    perMessageDeflate: false,
    maxPayload: target.maxMessageBytes,
  };
  const ws = new WebSocket(`${scheme}://${host}:${target.port}${target.wsPath}`, 'iotmp', options);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  // `ws` always disables Nagle on its socket, so `noDelay` does not apply here.
  ws.once('open', () => !closedByUs && h.onOpen());
  ws.on('message', (data: WebSocket.RawData) => {
    if (closedByUs) return;
    if (Buffer.isBuffer(data)) h.onData(data);
    else if (Array.isArray(data)) for (const part of data) h.onData(part);
    else h.onData(new Uint8Array(data));
  });
  ws.on('error', (e) => (reason = e.message));
  ws.on('close', (code) => {
    if (reason === 'connection closed by the server' && code !== 1005 && code !== 1006) {
      reason = `connection closed by the server (WebSocket code ${code})`;
    }
  });
  void closed.then(() => !closedByUs && h.onClose(reason));
  return {
    send: (bytes) => ws.send(bytes, { binary: !target.wsTextFrames }),
    get bufferedBytes() {
      return ws.bufferedAmount;
    },
    close() {
      closedByUs = true;
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      return closed;
    },
  };
}
