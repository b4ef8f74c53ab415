/**
 * Headless mode: the broker and its services without Electron (on a gateway, a server, or where
 * no Electron binary is installed), plus the management API (HTTP + WebSocket, token required)
 * on 127.0.0.1, and the built renderer served as the web console at the printed URL.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { startApiHttp, type ApiHttp } from '../api/http';
import { DEFAULT_API_PORT } from '../api/limits';
import { loadOrCreateToken } from '../api/token';
import { addBridgeOptions, bridgePatchFromFlags, type BridgeFlags } from '../bridge/flags';
import { addHandoverOptions, handoverFromFlags, type HandoverFlags } from '../handover/flags';
import { BridgeSettingsPatch } from '../bridge/settings';

/** The built renderer (`npm run build`), served as the web console. */
const CONSOLE_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
import { DEFAULT_WSS_PORT } from '../transports/deviceListeners';
import { ListenError } from '../transports/listen';
import type { MqttBridge } from '../bridge/MqttBridge';
import type { BrokerService } from './BrokerService';
import type { SerialService } from './SerialService';
import { Studio } from './Studio';
import { defaultDataDir } from './dataDir';
import { shortFingerprint } from './tlsCertificate';

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
}

/** `'off'`, not null: commander turns a parser's null into '' (an invalid port). */
function portOrOff(v: string): number | 'off' {
  return v === 'off' ? 'off' : port(v);
}

type PortOption = number | 'off' | null;
const portOf = (p: PortOption): number | null => (p === 'off' || p === null ? null : p);

export interface HeadlessOptions extends BridgeFlags, HandoverFlags {
  dataDir: string;
  host: string;
  apiPort: PortOption;
  deviceHost: string;
  tcpPort: PortOption;
  tcpLegacyPort: PortOption;
  tlsPort: PortOption;
  wssPort: PortOption;
  wsPort: PortOption;
  tlsCert?: string;
  tlsKey?: string;
  acceptNewDevices?: boolean;
  addDevice?: string;
}

export function headlessCommand(): Command {
  return addHandoverOptions(
    addBridgeOptions(
      new Command('iotmp-studio')
        .description(
          'IoTMP Studio headless mode: the embedded IoTMP broker and its management API, without the desktop window',
        )
        .option(
          '--data-dir <dir>',
          'folder for the database, TLS certificate and settings',
          defaultDataDir(),
        )
        .option(
          '--host <address>',
          'address the management API and console listen on (0.0.0.0 for every interface; the token is always required)',
          '127.0.0.1',
        )
        .option(
          '--api-port <port|off>',
          'port of the management API and console (HTTP and WebSocket)',
          portOrOff,
          DEFAULT_API_PORT,
        )
        .option(
          '--device-host <address>',
          'address the device ports listen on (all interfaces by default: devices are on the LAN)',
          '0.0.0.0',
        )
        .option('--tcp-port <port|off>', 'IoTMP over TCP', portOrOff, 25204)
        .option(
          '--tcp-legacy-port <port|off>',
          'IoTMP over TCP for IOTMP-Arduino boards without TLS',
          portOrOff,
          25200,
        )
        .option('--tls-port <port|off>', 'IoTMP over TLS', portOrOff, 25206)
        .option(
          '--wss-port <port|off>',
          'IoTMP over WebSocket with TLS (path /iotmp)',
          portOrOff,
          DEFAULT_WSS_PORT,
        )
        .option(
          '--ws-port <port|off>',
          'IoTMP over plain WebSocket, for local tools',
          portOrOff,
          'off',
        )
        .option(
          '--tls-cert <file>',
          'PEM certificate replacing the generated self-signed one (with --tls-key)',
        )
        .option('--tls-key <file>', 'PEM private key for --tls-cert')
        .option(
          '--accept-new-devices',
          'register unknown devices on their first connection (commissioning); stored as a setting',
        )
        .option('--no-accept-new-devices', 'refuse unknown devices (the default)')
        .option(
          '--add-device <user/device>',
          'add a device, print its credential once, and continue',
        )
        .option(
          '--config <file.json>',
          'JSON file with any of these options in camelCase (e.g. {"apiPort": 8125, "tcpPort": "off"}), and "mqttBridge": the bridge\'s settings; flags win',
        )
        .showHelpAfterError('(run with --help for the options)')
        // A bad flag throws (exit status 2 in headless.ts) instead of commander exiting with 1.
        .exitOverride(),
    ),
  );
}

const ConfigPort = z.union([z.number().int().min(0).max(65535), z.literal('off')]);
/** The config file: the flags' long names in camelCase, each optional. */
const HeadlessConfig = z
  .object({
    dataDir: z.string().min(1),
    host: z.string().min(1),
    apiPort: ConfigPort,
    deviceHost: z.string().min(1),
    tcpPort: ConfigPort,
    tcpLegacyPort: ConfigPort,
    tlsPort: ConfigPort,
    wssPort: ConfigPort,
    wsPort: ConfigPort,
    tlsCert: z.string().min(1),
    tlsKey: z.string().min(1),
    acceptNewDevices: z.boolean(),
    /** The MQTT bridge's settings (bridge/settings.ts); `--bridge-*` flags win. */
    mqttBridge: BridgeSettingsPatch,
  })
  .partial()
  .strict();

/**
 * Values from the file fill in what the command line left at its default; its bridge settings
 * are returned.
 */
function applyConfigFile(cmd: Command, file: string): BridgeSettingsPatch {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`config file ${file}: ${(e as Error).message}`);
  }
  const parsed = HeadlessConfig.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new InvalidArgumentError(
      `config file ${file}: ${i.path.join('.') || 'top level'}: ${i.message}`,
    );
  }
  const { mqttBridge, ...options } = parsed.data;
  for (const [key, value] of Object.entries(options)) {
    const source = cmd.getOptionValueSource(key);
    if (source === undefined || source === 'default')
      cmd.setOptionValueWithSource(key, value, 'config');
  }
  return mqttBridge ?? {};
}

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

export async function runHeadless(
  argv: string[],
  out: (line: string) => void = console.log,
): Promise<Headless> {
  const cmd = headlessCommand();
  cmd.parse(argv, { from: 'user' });
  const configFile = cmd.getOptionValue('config') as string | undefined;
  const bridgeFromFile = configFile ? applyConfigFile(cmd, configFile) : {};
  const o = cmd.opts<HeadlessOptions>();
  const bridgePatch = { ...bridgeFromFile, ...bridgePatchFromFlags(o) };
  if (!!o.tlsCert !== !!o.tlsKey)
    throw new InvalidArgumentError('--tls-cert and --tls-key go together');
  const at = (option: PortOption): { host: string; port: number } | null => {
    const p = portOf(option);
    return p === null ? null : { host: o.deviceHost, port: p };
  };
  const apiPort = portOf(o.apiPort);
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
  const service = studio.broker;
  if (o.acceptNewDevices !== undefined) service.acceptNewDevices = o.acceptNewDevices;
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
  let http: ApiHttp | null = null;
  let apiFailure: string | null = null;
  if (apiPort !== null) {
    const { token } = loadOrCreateToken(o.dataDir);
    try {
      http = await startApiHttp({
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
    } catch (e) {
      if (!(e instanceof ListenError)) {
        await studio.stop();
        throw e;
      }
      apiFailure = e.message;
    }
  }
  // Scripts and tests read this line: the console URL carrying the token.
  if (http) out(`console: ${http.consoleUrl}`);
  else if (apiPort === null) out('console: off (--api-port off)');
  for (const l of service.listeners.running)
    out(
      `devices: ${l.transport}://${l.host}:${l.port}${l.transport.startsWith('ws') ? '/iotmp' : ''}`,
    );
  for (const f of service.listeners.failures) out(`not listening: ${f.message}`);
  if (apiFailure) out(`not listening: ${apiFailure}`);
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
  if (o.addDevice) {
    const [user, device] = o.addDevice.split('/');
    if (!user || !device) throw new InvalidArgumentError('--add-device takes user/device');
    const { credential } = await service.devices.add(user, device);
    out(`added ${user}/${device}; its credential (shown only now): ${credential}`);
  }
  out('running (Ctrl+C stops)');
  // After `running`: the hand-over waits for devices, the services run meanwhile.
  if (o.handoverTo)
    void handoverFromFlags(studio, o, o.dataDir, out).catch((e: unknown) =>
      out(`handover: failed: ${(e as Error).message}`),
    );
  const api = http;
  return {
    service,
    serial: studio.serial,
    bridge: studio.bridge,
    http: api,
    stop: async () => {
      await api?.close();
      await studio.stop();
    },
  };
}
