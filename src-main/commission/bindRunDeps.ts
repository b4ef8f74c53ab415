/**
 * Binds what a commissioning run needs (RunDeps) to the app: the target adapters over the serial
 * side, the identity registry and join events over the broker, and where devices dial.
 * CommissionService calls it once; the composition root hands it the broker and serial services.
 */
import { networkInterfaces } from 'node:os';
import type { PlanTarget } from '../contract/commissionSchemas';
import { deviceKey } from '../contract/deviceKey';
import type { BrokerService } from '../services/BrokerService';
import type { SerialService } from '../services/SerialService';
import { generateCredential } from '../store/credentials';
import { brokerCheckDevice } from './checks/brokerDevice';
import { CommissionError } from './CommissionError';
import type { CommissionStore } from './CommissionStore';
import { avrAdapter } from './adapters/avrAdapter';
import { espAdapter, type EspTool } from './adapters/espAdapter';
import { espFlasherTool } from './adapters/espFlasherTool';
import type { BrokerFacts, IdentityRegistry, RunDeps } from './RunDeps';
import type { Provisioner, TargetAdapter } from './steps/adapters';
import pkg from '../../package.json' with { type: 'json' };

export interface CommissionServiceConfig {
  broker: BrokerService;
  serial: SerialService;
  /** Adapters per target kind beyond the built-in AVR one (ESP, or test doubles at the USB edge). */
  adapters?: Partial<Record<PlanTarget['kind'], TargetAdapter>>;
  /** Serial provisioning for AVR boards (provision/). */
  avrProvisioner?: Provisioner;
  /** Replaces the ESP ROM-loader flasher (SerialService.esp) at the USB edge. */
  espTool?: EspTool;
  appVersion?: string;
  /** The laptop's LAN address for `auto` (default: the first non-loopback IPv4). */
  lanAddress?: () => string | null;
  log?: (line: string) => void;
}

export function firstLanAddress(): string | null {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

function localAddresses(): Set<string> {
  const out = new Set(['localhost', '127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address);
  return out;
}

/** The adapter per target kind: AVR and ESP over the app's serial side, then the config's own. */
function targetAdapters(
  config: CommissionServiceConfig,
): Partial<Record<PlanTarget['kind'], TargetAdapter>> {
  const { serial } = config;
  return {
    avr: avrAdapter({
      flasher: serial.flasher,
      leases: serial.leases,
      open: serial.open,
      ...(config.avrProvisioner ? { serialProvisioner: config.avrProvisioner } : {}),
    }),
    esp: espAdapter({
      // The app's one ESP flasher (SerialService.esp): its leases keep one owner per port.
      tool: config.espTool ?? espFlasherTool(serial.esp),
      leases: serial.leases,
      open: serial.open,
    }),
    ...config.adapters,
  };
}

/** Devices in the broker's store, kept in step with its registry and open sessions. */
function identityRegistry(broker: BrokerService): IdentityRegistry {
  return {
    exists: (user, device) => broker.devices.get(user, device) !== undefined,
    add: async (user, device, name, credential) => {
      await broker.devices.add(user, device, { name, credential });
      broker.broker.registry.known(deviceKey(user, device));
    },
    newCredential: () => generateCredential(),
    setCredential: async (user, device, credential) => {
      await broker.devices.resetCredential(user, device, credential);
      broker.broker.session(user, device)?.close('credential reset by commissioning');
    },
    remove: (user, device) => {
      if (broker.devices.remove(user, device)) {
        broker.broker.session(user, device)?.close('device removed by commissioning');
        broker.broker.registry.forget(deviceKey(user, device));
      }
    },
  };
}

/** Where a plan's devices dial and whether this broker listens there. */
function brokerFacts(broker: BrokerService, lan: () => string | null): BrokerFacts {
  return {
    address: (plan) => {
      const host = plan.broker.host === 'auto' ? (lan() ?? '127.0.0.1') : plan.broker.host;
      return { host, port: plan.broker.port, local: localAddresses().has(host) };
    },
    listening: (host, port) =>
      Promise.resolve(
        broker.listeners.running.some(
          (l) =>
            l.transport === 'tcp' &&
            l.port === port &&
            (l.host === '0.0.0.0' ||
              l.host === '::' ||
              l.host === host ||
              (host === 'localhost' && l.host === '127.0.0.1')),
        ),
      ),
    fingerprint: broker.tls.fingerprint,
  };
}

export function bindRunDeps(config: CommissionServiceConfig, store: CommissionStore): RunDeps {
  const { broker } = config;
  const adapters = targetAdapters(config);
  return {
    adapters: (target) => {
      const a = adapters[target.kind];
      if (!a)
        throw new CommissionError(
          'UNSUPPORTED',
          `${target.kind === 'esp' ? 'ESP' : 'AVR'} boards cannot be commissioned yet: this build has no ${target.kind.toUpperCase()} flasher`,
        );
      return a;
    },
    registry: identityRegistry(broker),
    store,
    join: {
      status: (key) => broker.broker.registry.get(key),
      onOnline: (l) => broker.broker.registry.onOnline(l),
      onOffline: (l) => broker.broker.registry.onOffline(l),
      rejections: () => broker.broker.rejections(),
    },
    checkDevice: (user, device) => brokerCheckDevice(broker.broker, user, device),
    broker: brokerFacts(broker, config.lanAddress ?? firstLanAddress),
    appVersion: config.appVersion ?? pkg.version,
    now: Date.now,
    ...(config.log ? { log: config.log } : {}),
  };
}
