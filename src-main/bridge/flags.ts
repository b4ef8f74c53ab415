/**
 * Headless mode's flags for the MQTT bridge. Like `--accept-new-devices`, what the flags set is
 * stored as the bridge's settings (the desktop app's Settings view shows and changes the same).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { BridgeSettingsPatch } from './settings';

/** Environment variable that may carry the cluster password (kept out of `ps` and shell history). */
const BRIDGE_PASSWORD_ENV = 'IOTMP_BRIDGE_PASSWORD';

export interface BridgeFlags {
  bridge?: boolean;
  bridgeUrl?: string;
  bridgeClientId?: string;
  bridgeUsername?: string;
  bridgePasswordFile?: string;
  bridgeCa?: string;
  bridgeCert?: string;
  bridgeKey?: string;
  bridgePrefix?: string;
  bridgeQos?: 0 | 1 | 2;
  bridgeMqtt?: 4 | 5;
  bridgeDevices?: string[];
  bridgeResources?: string[];
  bridgeInterval?: number;
  bridgeCommands?: boolean;
  bridgeQueue?: number;
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function int(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number ${min}–${max}`);
    return n;
  };
}

export function addBridgeOptions(cmd: Command): Command {
  return cmd
    .option(
      '--bridge-url <url>',
      'bridge the site to an MQTT cluster (mqtt://, mqtts://, ws://, wss://); stored as a setting',
    )
    .option('--no-bridge', 'turn the stored MQTT bridge off')
    .option('--bridge-client-id <id>', 'MQTT client id of the bridge (default iotmp-studio-<host>)')
    .option('--bridge-username <name>', 'MQTT user name')
    .option(
      '--bridge-password-file <file>',
      `file holding the MQTT password (or set ${BRIDGE_PASSWORD_ENV})`,
    )
    .option('--bridge-ca <file>', 'PEM CA certificate of the cluster (mqtts://, wss://)')
    .option('--bridge-cert <file>', 'PEM client certificate (with --bridge-key)')
    .option('--bridge-key <file>', 'PEM private key of the client certificate')
    .option('--bridge-prefix <prefix>', 'topic prefix, e.g. acme/site-a (default iotmp)')
    .option('--bridge-qos <0|1|2>', 'QoS of published messages (default 1)', int(0, 2))
    .option('--bridge-mqtt <4|5>', 'MQTT version: 4 (3.1.1) or 5 (default 5)', (v) => {
      if (v !== '4' && v !== '5') throw new InvalidArgumentError('must be 4 or 5');
      return Number(v) as 4 | 5;
    })
    .option(
      '--bridge-devices <patterns>',
      'devices to bridge: *, user, user/device (comma-separated)',
      list,
    )
    .option('--bridge-resources <names>', 'resources to stream: * or names (comma-separated)', list)
    .option(
      '--bridge-interval <ms>',
      'sample interval per stream, ms (0: every sample the device pushes)',
      int(0, 86_400_000),
    )
    .option('--bridge-commands', 'run …/set and …/run commands from the cluster on the devices')
    .option('--no-bridge-commands', 'ignore commands from the cluster (the default)')
    .option(
      '--bridge-queue <messages>',
      'messages kept on disk while the cluster is unreachable',
      int(100, 10_000_000),
    );
}

/** The settings the flags change (empty when no bridge flag was given). */
export function bridgePatchFromFlags(
  o: BridgeFlags,
  env: NodeJS.ProcessEnv = process.env,
): BridgeSettingsPatch {
  const p: BridgeSettingsPatch = {};
  if (o.bridgeUrl !== undefined) {
    p.url = o.bridgeUrl;
    p.enabled = true;
  }
  if (o.bridge === false) p.enabled = false;
  if (o.bridgeClientId !== undefined) p.clientId = o.bridgeClientId;
  if (o.bridgeUsername !== undefined) p.username = o.bridgeUsername;
  if (o.bridgePasswordFile !== undefined) {
    try {
      p.password = readFileSync(o.bridgePasswordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new InvalidArgumentError(`--bridge-password-file: ${(e as Error).message}`);
    }
  } else if (env[BRIDGE_PASSWORD_ENV]) p.password = env[BRIDGE_PASSWORD_ENV];
  if (o.bridgeCa !== undefined) p.caFile = o.bridgeCa;
  if (o.bridgeCert !== undefined) p.certFile = o.bridgeCert;
  if (o.bridgeKey !== undefined) p.keyFile = o.bridgeKey;
  if (o.bridgePrefix !== undefined) p.prefix = o.bridgePrefix;
  if (o.bridgeQos !== undefined) p.qos = o.bridgeQos;
  if (o.bridgeMqtt !== undefined) p.protocolVersion = o.bridgeMqtt;
  if (o.bridgeDevices !== undefined) p.devices = o.bridgeDevices;
  if (o.bridgeResources !== undefined) p.resources = o.bridgeResources;
  if (o.bridgeInterval !== undefined) p.intervalMs = o.bridgeInterval;
  if (o.bridgeCommands !== undefined) p.commands = o.bridgeCommands;
  if (o.bridgeQueue !== undefined) p.queueMaxMessages = o.bridgeQueue;
  return p;
}
