/**
 * `iotmp simulate`: N simulated IoTMP devices (IOTMP-Linux behaviour, src-main/simulator) against
 * a broker, one line per device state change, stopped cleanly by SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, messageToJson } from '../protocol';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  parseSimulatorConfig,
  SimulatorConfigError,
  type DeviceProfile,
  type SimulatorConfig,
} from '../simulator/config';
import { preset, PRESET_NAMES, type PresetName } from '../simulator/presets';
import { SimulatedFleet } from '../simulator/SimulatedFleet';
import type { StateChange } from '../simulator/simulatedDeviceTypes';
import type { TransportKind } from '../simulator/transport';
import { DEFAULT_WSS_PORT } from '../transports/deviceListeners';
import { UsageError } from './UsageError';
import { at } from '../contract/present';

/** The broker's default device listeners (src-main/transports/deviceListeners.ts). */
const DEFAULT_PORTS: Record<TransportKind, number | undefined> = {
  tcp: 25204,
  tls: 25206,
  wss: DEFAULT_WSS_PORT,
  ws: undefined, // the broker has no plain WebSocket listener unless configured
};

export interface SimulateOptions {
  devices: number;
  host: string;
  port?: number;
  transport: TransportKind;
  user: string;
  credential: string;
  config?: string;
  preset: PresetName;
  profile?: string;
  devicePrefix: string;
  keepaliveMs?: number;
  reconnectMs?: number;
  tickMs?: number;
  /** Devices started per second (0: all at once). */
  rate: number;
  /** Also print every frame each device sends (>) and receives (<). */
  frames?: boolean;
}

export interface SimulateIo {
  out: (line: string) => void;
  /** Stops the simulation (the CLI aborts it on SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Line time stamps; injectable for tests. */
  now?: () => Date;
}

function loadConfig(opts: SimulateOptions): SimulatorConfig {
  if (!opts.config) return preset(opts.preset);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(opts.config, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${opts.config}: ${(e as Error).message}`);
  }
  try {
    return parseSimulatorConfig(json);
  } catch (e) {
    if (e instanceof SimulatorConfigError) {
      throw new UsageError(`${opts.config} is not a valid simulator config:\n${e.message}`);
    }
    throw e;
  }
}

function describeChange(c: StateChange): string {
  switch (c.state) {
    case 'connecting':
      return `connecting to ${c.reason ?? ''}`;
    case 'waiting':
      return `disconnected (${c.reason ?? 'unknown reason'}); retrying in ${(c.retryInMs ?? 0) / 1000} s`;
    default:
      return c.state;
  }
}

/** Runs until `io.signal` aborts; then stops every device and resolves. */
export async function runSimulate(opts: SimulateOptions, io: SimulateIo): Promise<void> {
  const port = opts.port ?? DEFAULT_PORTS[opts.transport];
  if (port === undefined) {
    throw new UsageError(
      `--transport ${opts.transport} needs --port (the broker has no default ${opts.transport} listener)`,
    );
  }
  const config = loadConfig(opts);
  let profiles: DeviceProfile[] = config.profiles;
  if (opts.profile !== undefined) {
    profiles = profiles.filter((p) => p.name === opts.profile);
    if (profiles.length === 0) {
      throw new UsageError(
        `no profile named ${opts.profile}; there are: ${config.profiles.map((p) => p.name).join(', ')}`,
      );
    }
  }
  const now = io.now ?? (() => new Date());
  const profileOf = (i: number): DeviceProfile => at(profiles, i % profiles.length, 'profile');
  const fleet = new SimulatedFleet(opts.devices, (i) => ({
    host: opts.host,
    port,
    transport: opts.transport,
    user: opts.user,
    device: `${opts.devicePrefix}${i + 1}`,
    credential: opts.credential,
    profile: profileOf(i),
    keepAliveMs: opts.keepaliveMs,
    reconnectDelayMs: opts.reconnectMs,
    streamTickMs: opts.tickMs,
  }));
  fleet.devices.forEach((d, i) =>
    d.on('state', (c) =>
      io.out(`${now().toISOString()} ${d.device} (${profileOf(i).name}) ${describeChange(c)}`),
    ),
  );
  if (opts.frames) {
    for (const d of fleet.devices) {
      d.on('frame', (f) => {
        const what = f.message
          ? (({ type, fields }) => `${type} ${JSON.stringify(fields)}`)(messageToJson(f.message))
          : `undecodable ${bytesToHex(f.bytes)}`;
        io.out(`${now().toISOString()} ${d.device} ${f.direction === 'out' ? '>' : '<'} ${what}`);
      });
    }
  }
  if (io.signal.aborted) return;
  const stopped = new Promise<void>((resolve) =>
    io.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  fleet.start({ perSecond: opts.rate });
  await stopped;
  await fleet.stop();
  const s = fleet.stats();
  io.out(
    `stopped ${fleet.devices.length} device(s): ${s.connects} connection(s), ${s.framesIn + s.framesOut} frames, ${s.samplesSent} stream samples`,
  );
}

function nonNegativeInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidArgumentError(`${name} must be a whole number`);
    }
    return n;
  };
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

const HELP_AFTER = `
Defaults match the broker's defaults: TCP on 127.0.0.1:25204 (TLS 25206, WSS ${DEFAULT_WSS_PORT}; plain
WebSocket has no default listener, so --transport ws needs --port). Devices are named
<prefix>1 … <prefix>N and log in as --user with --credential; let the broker register them
with its "accept new devices" setting, or create them beforehand.

Without --config the "demo" preset runs: thermostat, relay-board, weather-station and
door-controller profiles, assigned to the devices in turn. A config file is JSON:
  {"profiles": [{"name": "…", "resources": {"temperature": {"kind": "sensor", "value": 21}}}]}
(format: src-main/simulator/README.md). Like IOTMP-Linux, each device sends KEEP_ALIVE every
60 s, samples periodic streams on a 1 s tick, and reconnects 5 s after any failure, forever.
Stop with Ctrl-C.`;

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('run simulated IoTMP devices (behaving like IOTMP-Linux) against a broker')
    .option('-n, --devices <n>', 'number of devices', positiveInt('--devices'), 1)
    .option('--host <host>', 'broker host', '127.0.0.1')
    .option(
      '--port <port>',
      'broker port (default: by transport, see below)',
      positiveInt('--port'),
    )
    .addOption(
      new Option('--transport <kind>', 'transport')
        .choices(['tcp', 'tls', 'ws', 'wss'])
        .default('tcp'),
    )
    .option('--user <user>', 'user name the devices log in as', 'studio')
    .option('--credential <secret>', 'device credential', 'simulator')
    .option('--config <file.json>', 'resources of the devices (JSON profiles)')
    .addOption(
      new Option('--preset <name>', 'built-in profiles used without --config')
        .choices(PRESET_NAMES)
        .default('demo'),
    )
    .option('--profile <name>', 'use only this profile of the config for every device')
    .option('--device-prefix <prefix>', 'device id prefix', 'sim-')
    .option(
      '--keepalive-ms <ms>',
      'keep-alive interval (default 60000)',
      positiveInt('--keepalive-ms'),
    )
    .option(
      '--reconnect-ms <ms>',
      'delay before reconnecting (default 5000)',
      positiveInt('--reconnect-ms'),
    )
    .option('--tick-ms <ms>', 'periodic stream tick (default 1000)', positiveInt('--tick-ms'))
    .option(
      '--rate <n>',
      'devices started per second, 0 = all at once (the broker admits 50 new connections per second per address by default)',
      nonNegativeInt('--rate'),
      40,
    )
    .option('--frames', 'also print every frame sent (>) and received (<)')
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: SimulateOptions) => {
      const ac = new AbortController();
      const onSignal = (): void => ac.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runSimulate(opts, { out: console.log, signal: ac.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
