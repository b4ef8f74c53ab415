/**
 * Headless mode's options: the command line, an optional JSON config file (flags win), and
 * their checks. Parsing only; headlessMain.ts runs what they describe.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { DEFAULT_API_PORT } from '../api/limits';
import { first } from '../contract/present';
import { addBridgeOptions, bridgePatchFromFlags, type BridgeFlags } from '../bridge/flags';
import { addHandoverOptions, type HandoverFlags } from './handoverFlags';
import { BridgeSettingsPatch } from '../bridge/settings';
import { DEFAULT_WSS_PORT } from '../transports/deviceListeners';
import { defaultDataDir } from './dataDir';

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

/** A port option: a number, `off`, or null when unset. */
export type PortOption = number | 'off' | null;
/** A port option as a number, or null for `off` and unset. */
export const portOf = (p: PortOption): number | null => (p === 'off' || p === null ? null : p);

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
  addDevice: string[];
}

function headlessCommand(): Command {
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
          'add a device, print its credential once, and continue (repeat the flag for several)',
          (v: string, all: string[]) => [...all, v],
          [] as string[],
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
    const i = first(parsed.error.issues, 'validation issue');
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

/** What the command line and the config file ask for. */
export interface ParsedHeadless {
  options: HeadlessOptions;
  /** The MQTT bridge's settings from the file, with the `--bridge-*` flags over them. */
  bridgePatch: BridgeSettingsPatch;
}

/** The command line (and `--config` file); throws InvalidArgumentError or commander's errors. */
export function parseHeadlessOptions(argv: string[]): ParsedHeadless {
  const cmd = headlessCommand();
  cmd.parse(argv, { from: 'user' });
  const configFile = cmd.getOptionValue('config') as string | undefined;
  const bridgeFromFile = configFile ? applyConfigFile(cmd, configFile) : {};
  const options = cmd.opts<HeadlessOptions>();
  if (!!options.tlsCert !== !!options.tlsKey)
    throw new InvalidArgumentError('--tls-cert and --tls-key go together');
  // Checked before anything starts: a typo is refused, not found after the server is up.
  for (const spec of options.addDevice) {
    const [user, device, more] = spec.split('/');
    if (!user || !device || more !== undefined)
      throw new InvalidArgumentError(`--add-device takes user/device, not "${spec}"`);
  }
  return { options, bridgePatch: { ...bridgeFromFile, ...bridgePatchFromFlags(options) } };
}
