/**
 * The `esp.*` calls over SerialService.esp (flash/jobs/EspFlasher). A port must be one the
 * watcher lists (or one added by path); a port being flashed is refused as busy. Each call waits
 * for its boards and answers with one result per board; the caller's cancel cancels the jobs.
 */
import { isAbsolute } from 'node:path';
import { ApiError, ApiErrorCode, type EspBoardResult } from '../../contract';
import { present } from '../../contract/present';
import type { EspJob, EspTarget } from '../../flash/jobs/EspJob';
import { isFlashError } from '../../flash/protocol';
import type { SerialServices } from '../../services/types';
import type { CallHandlers } from '../ApiServer';
import { groupDigits } from './firmwareViews';
import { jobView } from './jobViews';
import { sentence } from '../../contract/sentence';

type EspCalls = Pick<CallHandlers, Extract<keyof CallHandlers, `esp.${string}`>>;

export function createEspHandlers(serial: SerialServices): EspCalls {
  const target = async (path: string): Promise<EspTarget> => {
    await serial.ports();
    const p = serial.watcher.port(path);
    if (!p) {
      throw new ApiError(
        ApiErrorCode.NOT_FOUND,
        `no port ${path}: pick one from the list, or add it by path`,
      );
    }
    if (serial.holderOf(path) === 'flashing') {
      throw new ApiError(
        ApiErrorCode.PORT_BUSY,
        `Port busy: ${path} is being flashed by another job`,
      );
    }
    return {
      path,
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
    };
  };
  const plan = (input: Parameters<SerialServices['inspectEsp']>[0]) =>
    serial.inspectEsp(input).plan;
  const absoluteDir = (dir: string): string => {
    if (!isAbsolute(dir)) {
      throw new ApiError(
        ApiErrorCode.BAD_REQUEST,
        `backup folder ${dir} must be an absolute path on the machine running IoTMP Studio`,
      );
    }
    return dir;
  };
  /** An optional folder: none is null. */
  const absolute = (dir: string | null | undefined): string | null =>
    dir ? absoluteDir(dir) : null;
  /** Waits for the jobs; the call's cancel (or deadline) cancels them. */
  const settle = async (jobs: EspJob[], signal: AbortSignal): Promise<EspBoardResult[]> => {
    const onAbort = () => jobs.forEach((j) => j.cancel());
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.all(jobs.map(async (j) => resultView(j, await j.result)));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
  const one = async (job: EspJob, signal: AbortSignal) =>
    present((await settle([job], signal))[0], 'ESP job result');

  return {
    'esp.identify': async ({ port }, { signal }) =>
      one(serial.esp.one(await target(port), { kind: 'identify' }), signal),
    'esp.inspect': ({ files: input }) => {
      const p = plan(input);
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
    },
    'esp.flash': async ({ ports, files: input, verify, backupDir }, { signal }) => {
      const p = plan(input);
      const targets = [];
      for (const port of ports) targets.push(await target(port));
      const jobs = serial.esp.flash(targets, p, {
        verify: verify ?? true,
        backupDir: absolute(backupDir),
      });
      return { results: await settle(jobs, signal) };
    },
    'esp.backup': async ({ port, backupDir }, { signal }) =>
      one(serial.esp.backup(await target(port), absoluteDir(backupDir)), signal),
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
      return one(job, signal);
    },
    'esp.start': async ({ port, board, operation }) => ({
      job: jobView(await serial.startEspTool({ port, board, operation })),
    }),
    'esp.backups': () => serial.espBackups(),
    'esp.erase': async ({ port, region }, { signal }) =>
      one(serial.esp.erase(await target(port), region ?? 'all'), signal),
  };
}

function resultView(job: EspJob, r: Awaited<EspJob['result']>): EspBoardResult {
  const base = {
    port: r.path,
    chip: r.facts,
    backupFile: r.backupFile,
    durationMs: Math.round(r.durationMs),
    log: [...job.log],
  };
  if (!r.ok) {
    return {
      ...base,
      ok: false,
      verified: false,
      erased: false,
      baudRate: null,
      summary: sentence(r.error.message),
      error: {
        code: r.error.code,
        message: sentence(r.error.message),
        detail: r.error.detail ?? null,
        phase: r.error.phase ?? null,
      },
    };
  }
  const bytes = r.written.reduce((n, w) => n + w.size, 0);
  const s = (r.durationMs / 1000).toFixed(1);
  const summary = r.written.length
    ? `${r.verified ? 'Verified' : 'Written, not verified'} · ${groupDigits(bytes)} bytes in ${s} s at ${r.baudRate} baud`
    : r.erased
      ? `Erased in ${s} s`
      : r.backupFile
        ? `Backed up ${groupDigits(r.facts.flashSize ?? 0)} bytes in ${s} s`
        : `${r.facts.name} · MAC ${r.facts.mac}`;
  return {
    ...base,
    ok: true,
    verified: r.verified,
    erased: r.erased,
    baudRate: r.baudRate,
    summary,
    error: null,
  };
}
