/**
 * Hands a commissioned site over to a production Thinger-compatible server through its REST API:
 * each device is created there with its credential (the one captured when it was issued, or a
 * new one issued for the cutover, which the device must then be provisioned with), with its
 * properties; the site's buckets and endpoints follow. Then each device is watched until it
 * connects to the new server, and the time is recorded. Re-running is safe: what exists is kept
 * (a device that exists gets the credential of this run).
 */
import { copyDevices } from './copyDevices';
import { copySiteConfig } from './copySiteConfig';
import type { HandoverOptions, HandoverReport, HandoverRun, HandoverSite } from './handoverTypes';
import { ThingerClient } from './ThingerClient';
import { watchReconnects } from './watchReconnects';

export type { HandoverOptions, HandoverReport, HandoverSite } from './handoverTypes';

export async function runHandover(site: HandoverSite, o: HandoverOptions): Promise<HandoverReport> {
  const now = o.now ?? Date.now;
  const startedAt = now();
  const report: HandoverReport = {
    target: o.target,
    startedAt,
    finishedAt: startedAt,
    devices: [],
    buckets: [],
    endpoints: [],
    reconnected: 0,
  };
  const run: HandoverRun = {
    o,
    client: new ThingerClient(o.target, o.token, o.fetch),
    report,
    now,
    log: o.log ?? (() => {}),
    progress: (phase) => o.onProgress?.(report, phase),
    stopped: () => o.signal?.aborted === true,
  };
  // Buckets and endpoints first: a device that reconnects may write to a bucket at once.
  await copySiteConfig(run, site);
  await copyDevices(run, site);
  // Watch every created device until it connects there (or the watch ends).
  await watchReconnects(run);
  report.reconnected = report.devices.filter((r) => r.reconnectedAt !== null).length;
  report.finishedAt = now();
  return report;
}

/** The report as stored (new credentials left out: they are shown once, never written). */
export function storedReport(r: HandoverReport): HandoverReport {
  return {
    ...r,
    devices: r.devices.map((d) => {
      const copy = { ...d };
      delete copy.newCredential;
      return copy;
    }),
  };
}
