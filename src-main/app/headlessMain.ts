/**
 * Headless mode: the broker and its services without Electron (on a gateway, a server, or where
 * no Electron binary is installed). The web console and the management API come with issue 5;
 * this entry already runs the embedded broker on safe defaults and shuts it down gracefully.
 */
import { Command, InvalidArgumentError } from 'commander';
import { BrokerService } from './BrokerService';
import { defaultDataDir } from './dataDir';
import { shortFingerprint } from './tlsCertificate';

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
}

function portOrOff(v: string): number | null {
  return v === 'off' ? null : port(v);
}

export interface HeadlessOptions {
  dataDir: string;
  host: string;
  tcpPort: number | null;
  tcpLegacyPort: number | null;
  tlsPort: number | null;
  wssPort: number | null;
  wsPort: number | null;
  tlsCert?: string;
  tlsKey?: string;
  acceptNewDevices?: boolean;
  addDevice?: string;
}

export function headlessCommand(): Command {
  return new Command('iotmp-studio')
    .description('IoTMP Studio headless mode: the embedded IoTMP broker without the desktop window')
    .option(
      '--data-dir <dir>',
      'folder for the database, TLS certificate and settings',
      defaultDataDir(),
    )
    .option(
      '--host <address>',
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
    .option('--wss-port <port|off>', 'IoTMP over WebSocket with TLS (path /iotmp)', portOrOff, 443)
    .option('--ws-port <port|off>', 'IoTMP over plain WebSocket, for local tools', portOrOff, null)
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
    .option('--add-device <user/device>', 'add a device, print its credential once, and continue')
    .showHelpAfterError('(run with --help for the options)');
}

export async function runHeadless(
  argv: string[],
  out: (line: string) => void = console.log,
): Promise<BrokerService> {
  const cmd = headlessCommand();
  cmd.parse(argv, { from: 'user' });
  const o = cmd.opts<HeadlessOptions>();
  if (!!o.tlsCert !== !!o.tlsKey)
    throw new InvalidArgumentError('--tls-cert and --tls-key go together');
  const at = (p: number | null): { host: string; port: number } | null =>
    p === null ? null : { host: o.host, port: p };
  const service = await BrokerService.start({
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
  if (o.acceptNewDevices !== undefined) service.acceptNewDevices = o.acceptNewDevices;
  out(`data: ${o.dataDir}`);
  for (const l of service.listeners.running)
    out(
      `devices: ${l.transport}://${l.host}:${l.port}${l.transport.startsWith('ws') ? '/iotmp' : ''}`,
    );
  for (const f of service.listeners.failures) out(`not listening: ${f.message}`);
  out(
    `tls: ${service.tls.selfSigned ? 'self-signed' : 'user'} certificate, SHA-256 ${shortFingerprint(service.tls.fingerprint)}…`,
  );
  out(
    `accept new devices: ${service.acceptNewDevices ? 'on' : 'off'}; ${service.devices.list().length} devices registered`,
  );
  if (o.addDevice) {
    const [user, device] = o.addDevice.split('/');
    if (!user || !device) throw new InvalidArgumentError('--add-device takes user/device');
    const { credential } = await service.devices.add(user, device);
    out(`added ${user}/${device}; its credential (shown only now): ${credential}`);
  }
  out('console: the web console comes with issue 5; the broker is running (Ctrl+C stops it)');
  return service;
}
