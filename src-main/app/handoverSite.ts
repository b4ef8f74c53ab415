/**
 * What a hand-over copies: the registered devices (those of one commissioning site's records, or
 * all), with the stores their properties, buckets and endpoints come from. Shared by the
 * `--handover-*` flags and the UI's hand-over jobs.
 */
import { deviceKey } from '../contract/deviceKey';
import type { CommissionService } from '../commission/CommissionService';
import { ReprovisionError } from '../commission/reprovision';
import type { HandoverOptions, HandoverSite } from '../handover/Handover';
import { HandoverJobError, HandoverJobs } from '../handover/HandoverJobs';
import type { BrokerService } from '../services/BrokerService';

export function handoverSite(
  broker: BrokerService,
  commission: CommissionService,
  site: string | null,
): HandoverSite {
  let devices = broker.devices.list();
  if (site !== null) {
    // The commissioning engineer's records name the site's devices.
    const keys = new Set(
      commission.store
        .records({ site })
        .flatMap((r) => (r.identity ? [deviceKey(r.identity)] : [])),
    );
    devices = devices.filter((d) => keys.has(deviceKey(d)));
    if (devices.length === 0)
      throw new HandoverJobError(
        'BAD_REQUEST',
        `no registered device in the records of site ${site}`,
      );
  }
  return {
    devices,
    properties: broker.properties,
    buckets: broker.buckets,
    // The real secrets of the endpoints' headers, as an outgoing call gets them (never shown).
    endpoints: broker.endpointsForCalls(),
  };
}

/** The UI's hand-over jobs over this broker and these commissioning records. */
export function buildHandoverJobs(
  broker: BrokerService,
  commission: CommissionService,
  dataDir: string,
  log?: (line: string) => void,
): HandoverJobs {
  return new HandoverJobs({
    settings: broker.settings,
    site: (site) => handoverSite(broker, commission, site),
    dataDir,
    usb: {
      reprovision: (to, signal) => usbReprovisioner(commission, to, signal),
      connected: (user, device) => commission.boardConnected(user, device)?.path ?? null,
    },
    ...(broker.fetch ? { fetch: broker.fetch } : {}),
    ...(log ? { log } : {}),
  });
}

/**
 * A hand-over's re-provisioning over USB (commission/reprovision.ts): the device's board, when
 * connected now, gets the new server's device address and the device's credential. A board that
 * is not connected, or a plan that cannot write an identity, is left to do by hand (in words);
 * a write that failed, or a board that is not the device's, is a failure.
 */
export function usbReprovisioner(
  commission: CommissionService,
  to: { host: string; port: number },
  signal?: AbortSignal,
): NonNullable<HandoverOptions['reprovision']> {
  return async ({ user, device, credential }, progress) => {
    try {
      const r = await commission.reprovision({
        user,
        device,
        credential,
        host: to.host,
        port: to.port,
        progress,
        ...(signal ? { signal } : {}),
      });
      return {
        state: 'done',
        detail: `re-provisioned over USB on ${r.path} for ${to.host}:${to.port} (${r.detail})`,
      };
    } catch (e) {
      if (e instanceof ReprovisionError && e.code !== 'WRONG_BOARD' && e.code !== 'FAILED')
        return { state: 'left', detail: e.message };
      throw e;
    }
  };
}
