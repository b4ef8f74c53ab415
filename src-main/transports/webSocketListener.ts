/**
 * The WebSocket device listeners (IOTMP.md §1.6): WSS (`wss`, with the TLS files) and plain WS
 * (`ws`, for local tools), path `/iotmp`, subprotocol `iotmp`. Binding is the caller's
 * (deviceListeners.ts), so a port that cannot be bound is reported like every other listener's.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Broker } from '../broker/Broker';
import type { Link } from '../core/link';
import type { TlsFiles } from './listen';
import { CLOSE_GRACE_MS, ownBytes, remoteOf } from './socketLink';

/** The HTTP(S) server to bind, and how to close its WebSocket clients and server. */
export function webSocketListener(
  broker: Broker,
  name: 'ws' | 'wss',
  path: string,
  tlsFiles: TlsFiles | null,
  maxPayload: number,
): { http: HttpServer; close: () => Promise<void> } {
  const http: HttpServer =
    name === 'wss' && tlsFiles
      ? createHttpsServer({ ...tlsFiles, minVersion: 'TLSv1.2' })
      : createHttpServer();
  const wss = new WebSocketServer({
    server: http,
    path,
    // §1.6: IOTMP-Linux sends binary IOTMP bytes in text frames: no UTF-8 validation.
    skipUTF8Validation: true,
    maxPayload,
    handleProtocols: (protocols) => (protocols.has('iotmp') ? 'iotmp' : false),
    perMessageDeflate: false,
  });
  // ws re-emits its HTTP server's 'error' on the WebSocketServer: without a listener a port
  // that cannot be bound (EACCES, EADDRINUSE) would throw and kill the process. listen() already
  // turns that error into the one line that names the setting.
  wss.on('error', () => {});
  wss.on('connection', (ws: WebSocket, req) =>
    attachWebSocket(broker, ws, name, remoteOf(req.socket)),
  );
  http.on('request', (_req, res) => {
    res
      .writeHead(426, { 'content-type': 'text/plain' })
      .end(`IoTMP devices connect here with a WebSocket upgrade on ${path}\n`);
  });
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    });
  return { http, close };
}

/** §1.6: one IOTMP frame per WebSocket data frame, text or binary, both ways. */
function attachWebSocket(
  broker: Broker,
  ws: WebSocket,
  transport: 'ws' | 'wss',
  remoteAddress: string,
): void {
  const link: Link = {
    transport,
    remoteAddress,
    send: (frame) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(ws.bufferedAmount > 0 ? ownBytes(frame) : frame, { binary: true });
    },
    get pendingWriteBytes() {
      return ws.bufferedAmount;
    },
    pauseReading: () => ws.pause(),
    resumeReading: () => ws.resume(),
    close: () => {
      if (ws.readyState !== ws.OPEN) return;
      ws.close(1000);
      const t = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      t.unref();
      ws.once('close', () => clearTimeout(t));
    },
  };
  const session = broker.attach(link);
  if (!session) {
    ws.close(1013, 'try again later');
    return;
  }
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    session.receive(bytes);
  });
  ws.on('error', () => {});
  ws.on('close', () => session.transportClosed());
}
