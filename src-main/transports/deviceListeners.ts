/**
 * The device-facing listeners (IOTMP.md §1.4): plain TCP (25204, and 25200 for IOTMP-Arduino
 * boards without TLS), TLS (25206, TLS 1.2 offered, §1.5), WebSocket over TLS (8443 by default,
 * path `/iotmp`, subprotocol `iotmp`, §1.6) and plain WebSocket for local tools. Each one that
 * fails to bind is reported and the others still start.
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Broker } from '../broker/Broker';
import type { Transport } from '../core/link';
import { reserveDescriptorTable } from './descriptorTable';
import { closeServer, listen, ListenError, type Endpoint, type TlsFiles } from './listen';
import { attachSocket, socketClosed, SocketPacer } from './socketLink';
import { webSocketListener } from './webSocketListener';

export interface DeviceListenerConfig {
  tcp: Endpoint | null;
  /** Second plain-TCP port for IOTMP-Arduino boards without TLS (§1.4, D22). */
  tcpLegacy: Endpoint | null;
  tls: Endpoint | null;
  wss: Endpoint | null;
  ws: Endpoint | null;
  /** WebSocket path (§1.6). */
  wsPath: string;
}

/**
 * WSS port by default. Thinger's clients dial 443 (§1.4), but ports below 1024 need privileges on
 * Linux and macOS, and the app must start for a normal user: 8443 is the usual unprivileged HTTPS
 * port. IOTMP-Linux then needs `-h HOST:8443/iotmp?`; 443 stays an option (README: "Port 443").
 */
export const DEFAULT_WSS_PORT = 8443;

export const DEFAULT_DEVICE_LISTENERS: DeviceListenerConfig = {
  tcp: { host: '0.0.0.0', port: 25204 },
  tcpLegacy: { host: '0.0.0.0', port: 25200 },
  tls: { host: '0.0.0.0', port: 25206 },
  wss: { host: '0.0.0.0', port: DEFAULT_WSS_PORT },
  ws: null,
  wsPath: '/iotmp',
};

interface RunningListener {
  name: 'tcp' | 'tcpLegacy' | 'tls' | 'wss' | 'ws';
  transport: Transport;
  host: string;
  port: number;
}

export interface DeviceListeners {
  running: RunningListener[];
  /** One line per listener that could not start. */
  failures: ListenError[];
  close(): Promise<void>;
}

/** Descriptors the process holds besides device sockets (database, logs, servers, pipes). */
const DESCRIPTORS_BESIDE_DEVICES = 256;

/** A TLS handshake that does not finish in this time is dropped (bounds idle half-open TLS). */
const TLS_HANDSHAKE_TIMEOUT_MS = 15_000;

export async function startDeviceListeners(
  broker: Broker,
  config: DeviceListenerConfig,
  tlsFiles: TlsFiles | null,
): Promise<DeviceListeners> {
  const closers: (() => Promise<void>)[] = [];
  const running: RunningListener[] = [];
  const failures: ListenError[] = [];
  const maxPayload = broker.limits.maxBodySize + 16;
  // Room for every connection the broker admits, and the files and servers beside them, before
  // the first accept: growing the table later freezes the event loop (descriptorTable.ts).
  reserveDescriptorTable(broker.limits.maxConnections + DESCRIPTORS_BESIDE_DEVICES);

  const pacer = new SocketPacer(broker, 'tcp');
  const tcpLike = async (name: 'tcp' | 'tcpLegacy', at: Endpoint | null): Promise<void> => {
    if (!at) return;
    // Paused until the pacer gives the socket its session (a burst of accepts is spread over
    // turns); half-open so that a burst of EOFs is ended in slices too (socketLink.ts).
    const server = createTcpServer({ pauseOnConnect: true, allowHalfOpen: true }, (s: Socket) => {
      track(s);
      pacer.accept(s);
    });
    await start(server, at, name, 'tcp', `IoTMP over TCP`, `${name}Port`);
  };

  /** Device sockets of the TCP and TLS listeners, to end them promptly on close. */
  const sockets = new Set<Socket>();
  // One listener for every socket ('close' comes once; `once` would wrap it per socket); it
  // also ends a TCP socket's session (attachSocket's `closeListened`).
  function untrack(this: Socket): void {
    sockets.delete(this);
    socketClosed.call(this);
  }
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', untrack);
  };

  const start = async (
    server: Server,
    at: Endpoint,
    name: RunningListener['name'],
    transport: Transport,
    what: string,
    setting: string,
  ): Promise<void> => {
    try {
      const port = await listen(server, at, what, setting);
      running.push({ name, transport, host: at.host, port });
      closers.push(() => closeServer(server));
    } catch (e) {
      if (e instanceof ListenError) failures.push(e);
      else throw e;
    }
  };

  await tcpLike('tcp', config.tcp);
  await tcpLike('tcpLegacy', config.tcpLegacy);

  if (config.tls && tlsFiles) {
    // §1.5: IOTMP-Linux's TLS transport speaks TLS 1.2 only: it must be offered.
    const server = createTlsServer({
      ...tlsFiles,
      minVersion: 'TLSv1.2',
      handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS,
    });
    server.on('connection', track);
    server.on('secureConnection', (s: TLSSocket) => attachSocket(broker, s, 'tls', pacer));
    server.on('tlsClientError', () => {
      // A failed handshake (wrong protocol, scanner): nothing to clean up beyond the socket.
    });
    await start(server, config.tls, 'tls', 'tls', 'IoTMP over TLS', 'tlsPort');
  }

  for (const name of ['wss', 'ws'] as const) {
    const at = config[name];
    if (!at || (name === 'wss' && !tlsFiles)) continue;
    const { http, close } = webSocketListener(broker, name, config.wsPath, tlsFiles, maxPayload);
    const what = name === 'wss' ? 'IoTMP over WebSocket (TLS)' : 'IoTMP over WebSocket';
    await start(http, at, name, name, what, `${name}Port`);
    closers.push(close);
  }

  return {
    running,
    failures,
    close: async () => {
      // The broker has already said goodbye (end()): some clients (IOTMP-Linux) never close
      // their side, so each socket gets a moment to flush, then goes, instead of holding the
      // listeners for CLOSE_GRACE_MS.
      pacer.flush();
      await Promise.all([
        ...closers.map((c) => c()),
        ...[...sockets].map((s) => flushThenDestroy(s)),
      ]);
    },
  };
}

/** How long a closing device socket may take to flush what was written to it. */
const SHUTDOWN_FLUSH_MS = 250;

function flushThenDestroy(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      s.destroy();
      resolve();
    };
    const t = setTimeout(done, SHUTDOWN_FLUSH_MS);
    if (s.destroyed || s.writableFinished) done();
    else s.once('finish', done);
  });
}
