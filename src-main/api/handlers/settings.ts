/** `settings.*` and `broker.status`: accept new devices, endpoints, listeners, TLS, counts. */
import type { Settings } from '../../contract';
import type { BrokerServices } from '../../services/types';
import type { CallsOf } from './types';

export function settingsHandlers(service: BrokerServices): CallsOf<'settings'> & CallsOf<'broker'> {
  const { broker, devices: store } = service;
  const settings = (): Settings => ({
    acceptNewDevices: service.acceptNewDevices,
    acceptNewDevicesUntil: service.acceptNewDevicesUntil,
    endpoints: service.endpoints,
  });
  return {
    'settings.get': () => settings(),
    'settings.update': ({ acceptNewDevices, acceptNewDevicesForMs, endpoints }) => {
      if (acceptNewDevices !== undefined || acceptNewDevicesForMs !== undefined)
        service.setAcceptNewDevices(
          acceptNewDevices ?? service.acceptNewDevices,
          acceptNewDevicesForMs ?? null,
        );
      if (endpoints !== undefined) service.endpoints = endpoints;
      return settings();
    },
    'broker.status': () => ({
      listeners: service.listeners.running.map(({ name, transport, host, port }) => ({
        name,
        transport,
        host,
        port,
      })),
      failures: service.listeners.failures.map((f) => ({ setting: f.setting, message: f.message })),
      tls: { selfSigned: service.tls.selfSigned, fingerprint: service.tls.fingerprint },
      counts: {
        registered: store.list().length,
        online: broker.registry.list().filter((d) => d.online).length,
        connections: broker.connectionCount,
      },
      acceptNewDevices: service.acceptNewDevices,
      lanAddresses: service.lanAddresses(),
    }),
  };
}
