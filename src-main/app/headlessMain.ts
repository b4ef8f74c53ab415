/**
 * Headless mode: the broker and its services without Electron (on a gateway, a server, or where
 * no Electron binary is installed), plus the management API (HTTP + WebSocket, token required)
 * on 127.0.0.1, and the built renderer served as the web console at the printed URL. Options
 * are parsed in headlessOptions.ts; this file runs them.
 */
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { splitKey } from '../contract/deviceKey';
import { startApiHttp, type ApiHttp } from '../api/http';
import { loadOrCreateToken } from '../api/token';
import type { MqttBridge } from '../bridge/MqttBridge';
import type { BridgeSettingsPatch } from '../bridge/settings';
import type { BrokerService } from '../services/BrokerService';
import type { SerialService } from '../services/SerialService';
import { shortFingerprint } from '../store/tlsCertificate';
import { DeviceStoreError } from '../store/DeviceStore';
import { ListenError } from '../transports/listen';
import {
  parseHeadlessOptions,
  portOf,
  type HeadlessOptions,
  type PortOption,
} from './headlessOptions';
import { handoverFromFlags } from './handoverFlags';
import { Studio } from './Studio';

/** The built renderer (`npm run build`), served as the web console. */
const CONSOLE_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

type Out = (line: string) => void;

export interface Headless {
  service: BrokerService;
  /** Serial ports, monitor and flashing (the gateway's ports, for the web console). */
  serial: SerialService;
  /** The MQTT bridge (off unless its settings or flags enable it). */
  bridge: MqttBridge;
  /** null with `--api-port off`, or when its port could not be bound (a line says so). */
  http: ApiHttp | null;
  /** Graceful stop: API closed, devices disconnected, listeners closed, SQLite closed. */
  stop(): Promise<void>;
}

/** Starts the services the options describe (the bridge's settings applied). */
async function startStudio(o: HeadlessOptions, bridgePatch: BridgeSettingsPatch, out: Out) {
  const at = (option: PortOption): { host: string; port: number } | null => {
    const p = portOf(option);
    return p === null ? null : { host: o.deviceHost, port: p };
  };
  const studio = await Studio.start({
    dataDir: o.dataDir,
    listeners: {
      tcp: at(o.tcpPort),
      tcpLegacy: at(o.tcpLegacyPort),
      tls: at(o.tlsPort),
      wss: at(o.wssPort),
      ws: at(o.wsPort),
    },
    ...(o.tlsCert && o.tlsKey ? { tlsFiles: { certPath: o.tlsCert, keyPath: o.tlsKey } } : {}),
    log: (level, m) => (level === 'warn' ? console.warn(`warn: ${m}`) : out(m)),
  });
  if (o.acceptNewDevices !== undefined) studio.broker.acceptNewDevices = o.acceptNewDevices;
  if (Object.keys(bridgePatch).length > 0) {
    try {
      await studio.bridge.update(bridgePatch);
    } catch (e) {
      await studio.stop();
      const m =
        e instanceof z.ZodError
          ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : (e as Error).message;
      throw new InvalidArgumentError(`MQTT bridge: ${m}`);
    }
  }
  return studio;
}

/** The management API and console; a port that cannot be bound is reported, not fatal. */
async function startApi(
  studio: Studio,
  o: HeadlessOptions,
  apiPort: number,
): Promise<{ http: ApiHttp | null; failure: string | null }> {
  const { token } = loadOrCreateToken(o.dataDir);
  try {
    const http = await startApiHttp({
      api: studio.api({ log: (m) => console.warn(`warn: ${m}`) }),
      token,
      host: o.host,
      port: apiPort,
      setting: '--api-port',
      log: (m) => console.warn(`warn: ${m}`),
      consoleDir: CONSOLE_DIR,
      tokens: studio.broker.tokens,
    });
    // The `svr` claim Thinger's clients take the server's address from.
    studio.broker.tokens.server = new URL(http.url).host;
    return { http, failure: null };
  } catch (e) {
    if (!(e instanceof ListenError)) {
      await studio.stop();
      throw e;
    }
    return { http: null, failure: e.message };
  }
}

/** The lines scripts, tests and people read: console URL, device ports, data, TLS, bridge. */
function printSummary(
  out: Out,
  studio: Studio,
  o: HeadlessOptions,
  api: { http: ApiHttp | null; failure: string | null; off: boolean },
): void {
  const service = studio.broker;
  const { http } = api;
  // Scripts and tests read this line: the console URL carrying the token.
  if (http) out(`console: ${http.consoleUrl}`);
  else if (api.off) out('console: off (--api-port off)');
  for (const l of service.listeners.running)
    out(
      `devices: ${l.transport}://${l.host}:${l.port}${l.transport.startsWith('ws') ? '/iotmp' : ''}`,
    );
  for (const f of service.listeners.failures) out(`not listening: ${f.message}`);
  if (api.failure) out(`not listening: ${api.failure}`);
  if (http && http.host !== '127.0.0.1' && http.host !== 'localhost' && http.host !== '::1')
    out(
      `api: listening on ${http.host}:${http.port}, reachable from other machines (token required)`,
    );
  out(`data: ${o.dataDir}`);
  out(
    `tls: ${service.tls.selfSigned ? 'self-signed' : 'user'} certificate, SHA-256 ${shortFingerprint(service.tls.fingerprint)}…`,
  );
  out(
    `accept new devices: ${service.acceptNewDevices ? 'on' : 'off'}; ${service.devices.list().length} devices registered`,
  );
  const bridge = studio.bridge.status();
  out(
    bridge.state === 'off'
      ? 'bridge: off'
      : `bridge: ${bridge.url} as ${bridge.clientId}, prefix ${bridge.prefix} (${bridge.state}${bridge.lastError ? `: ${bridge.lastError}` : ''})`,
  );
}

export async function runHeadless(argv: string[], out: Out = console.log): Promise<Headless> {
  const { options: o, bridgePatch } = parseHeadlessOptions(argv);
  const apiPort = portOf(o.apiPort);
  const studio = await startStudio(o, bridgePatch, out);
  const api = apiPort === null ? { http: null, failure: null } : await startApi(studio, o, apiPort);
  printSummary(out, studio, o, { ...api, off: apiPort === null });
  for (const spec of o.addDevice) {
    const [user, device] = splitKey(spec); // checked by headlessOptions
    try {
      const { credential } = await studio.broker.devices.add(user, device);
      out(`added ${spec}; its credential (shown only now): ${credential}`);
    } catch (e) {
      if (!(e instanceof DeviceStoreError)) throw e;
      out(`not added: ${e.message}`);
    }
  }
  out('running (Ctrl+C stops)');
  // After `running`: the hand-over waits for devices, the services run meanwhile.
  if (o.handoverTo)
    void handoverFromFlags(studio, o, o.dataDir, out).catch((e: unknown) =>
      out(`handover: failed: ${(e as Error).message}`),
    );
  const http = api.http;
  return {
    service: studio.broker,
    serial: studio.serial,
    bridge: studio.bridge,
    http,
    stop: async () => {
      await http?.close();
      await studio.stop();
    },
  };
}
