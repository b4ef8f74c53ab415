/**
 * The `esp.*` calls over SerialService.esp (flash/jobs/EspFlasher). A port must be one the
 * watcher lists (or one added by path); a port being flashed is refused as busy. Each call waits
 * for its boards and answers with one result per board; the caller's cancel cancels the jobs.
 */
import { ApiError, ApiErrorCode } from '../../contract';
import { sentence } from '../../contract/sentence';
import type { EspJob, EspTarget } from '../../flash/jobs/EspJob';
import { isFlashError, type EspFlashPlan } from '../../flash/protocol';
import { absoluteBackupDir } from '../../services/flashRequests';
import type { SerialServices } from '../../services/types';
import type { CallsOf } from './types';
import { jobView } from './jobViews';
import { settle, settleOne } from './espResults';

/** A port listed and not being flashed (SerialService.flashable), with its USB identity. */
async function espTarget(serial: SerialServices, path: string): Promise<EspTarget> {
  const p = await serial.flashable(path);
  return {
    path,
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
  };
}

/** What esp.inspect answers about a placed set of files. */
function planView(p: EspFlashPlan) {
  return {
    chip: p.chip,
    chipName:
      p.regions
        .find((r) => r.image?.chip)
        ?.image?.chip?.toUpperCase()
        .replace('ESP32S3', 'ESP32-S3') ?? null,
    appName: p.appName,
    regions: p.regions.map((r) => ({
      name: r.name,
      offset: r.offset,
      size: r.data.length,
      role: r.role,
    })),
  };
}

export function createEspHandlers(serial: SerialServices): CallsOf<'esp'> {
  const target = (path: string) => espTarget(serial, path);
  const plan = (input: Parameters<SerialServices['inspectEsp']>[0]) =>
    serial.inspectEsp(input).plan;
  return {
    'esp.identify': async ({ port }, { signal }) =>
      settleOne(serial.esp.one(await target(port), { kind: 'identify' }), signal),
    'esp.inspect': ({ files: input }) => planView(plan(input)),
    'esp.flash': async ({ ports, files: input, verify, backupDir }, { signal }) => {
      const p = plan(input);
      const targets = [];
      for (const port of ports) targets.push(await target(port));
      const jobs = serial.esp.flash(targets, p, {
        verify: verify ?? true,
        backupDir: backupDir ? absoluteBackupDir(backupDir) : null,
      });
      return { results: await settle(jobs, signal) };
    },
    'esp.backup': async ({ port, backupDir }, { signal }) =>
      settleOne(serial.esp.backup(await target(port), absoluteBackupDir(backupDir)), signal),
    'esp.restore': async ({ port, backupFile }, { signal }) => {
      const t = await target(port);
      let job: EspJob;
      try {
        job = await serial.esp.restore(t, backupFile);
      } catch (e) {
        if (isFlashError(e))
          throw new ApiError(ApiErrorCode.BAD_REQUEST, sentence(e.message), e.detail);
        throw e;
      }
      return settleOne(job, signal);
    },
    'esp.start': async ({ port, board, operation }) => ({
      job: jobView(await serial.startEspTool({ port, board, operation })),
    }),
    'esp.backups': () => serial.espBackups(),
    'esp.erase': async ({ port, region }, { signal }) =>
      settleOne(serial.esp.erase(await target(port), region ?? 'all'), signal),
  };
}
