/**
 * The contract's `commission.*` and `sites.*` calls and the `commission.progress` topic, mapped to
 * the commissioning interface. Ports must be ones the watcher lists (or added by path), as for
 * flashing.
 */
import { ApiError, ApiErrorCode, type CommissionEvent, type GeneratedFile } from '../../contract';
import { first } from '../../contract/present';
import type { SerialServices } from '../../services/types';
import type { CommissionServices } from '../../commission/CommissionServices';
import {
  certificateJson,
  certificatePdf,
  summaryCsv,
  summaryPdf,
} from '../../commission/certificate/certificates';
import type { CallsOf, TopicsOf } from './types';

type CommissionCalls = CallsOf<'commission'> & CallsOf<'sites'>;
type CommissionTopics = TopicsOf<'commission'>;

/** Snapshots of one run sent at most this often while its boards report progress. */
const COMMISSION_PROGRESS_MIN_MS = 100;

/** A file name part from a site or device name: letters, digits, - and _. */
const slug = (s: string): string =>
  s.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'site';

const pdfFile = (fileName: string, bytes: Uint8Array): GeneratedFile => ({
  fileName,
  mediaType: 'application/pdf',
  encoding: 'base64',
  data: Buffer.from(bytes).toString('base64'),
});

export function commissionHandlers(
  commission: CommissionServices,
  serial: SerialServices,
): { calls: CommissionCalls; topics: CommissionTopics } {
  const run = (id: string) => {
    const r = commission.run(id);
    if (!r) throw new ApiError(ApiErrorCode.NOT_FOUND, `no commissioning run ${id}`);
    return r;
  };
  const record = (id: string) => {
    const r = commission.store.record(id);
    if (!r) throw new ApiError(ApiErrorCode.NOT_FOUND, `no commissioning record ${id}`);
    return r;
  };

  const calls: CommissionCalls = {
    'commission.plans': () => ({ plans: commission.plans() }),
    'commission.savePlan': ({ id, plan }) => commission.savePlan(plan, id),
    'commission.deletePlan': ({ id }) => ({ deleted: commission.deletePlan(id) }),
    'commission.defaults': () => commission.defaults(),
    'commission.start': async ({ planId, plan, ports, site, technician }) => {
      let chosen = plan;
      if (planId !== undefined) {
        const saved = commission.store.plan(planId);
        if (!saved) throw new ApiError(ApiErrorCode.NOT_FOUND, `no saved plan ${planId}`);
        chosen = saved.plan;
      }
      // The contract's refine asks for one of the two; a caller past it still gets the sentence.
      if (!chosen) throw new ApiError(ApiErrorCode.BAD_REQUEST, 'give planId or plan');
      await serial.ports();
      const boards = ports.map((path) => {
        const p = serial.watcher.port(path);
        if (!p)
          throw new ApiError(
            ApiErrorCode.NOT_FOUND,
            `no port ${path}: pick one from the list, or add it by path`,
          );
        return {
          path,
          ...(p.vendorId ? { vendorId: p.vendorId } : {}),
          ...(p.productId ? { productId: p.productId } : {}),
          ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        };
      });
      const r = await commission.start({
        plan: chosen,
        planId: planId ?? null,
        ports: boards,
        site,
        technician,
      });
      return { run: r.info() };
    },
    'commission.cancel': ({ runId, port }) => ({ cancelled: run(runId).cancel(port) }),
    'commission.runs': ({ runId }) => ({
      runs: runId !== undefined ? [run(runId).info()] : commission.allRuns().map((r) => r.info()),
    }),
    'commission.answer': ({ runId, promptId, verdict, note }) => {
      const confirm = verdict === 'yes' || verdict === 'no';
      const answered = run(runId).answer(
        promptId,
        confirm
          ? { kind: 'confirm', confirmed: verdict === 'yes', ...(note ? { note } : {}) }
          : { kind: 'manual', verdict, ...(note ? { note } : {}) },
      );
      return { answered };
    },

    'sites.list': () => ({ sites: commission.store.sites() }),
    'sites.devices': ({ site }) => ({ devices: commission.siteDevices(site) }),
    'sites.records': (filter) => ({ records: commission.store.records(filter) }),
    'sites.certificate': async ({ recordId, format }) => {
      const r = record(recordId);
      const base = `certificate-${slug(r.identity?.device ?? r.board.port)}-${r.id.slice(0, 8)}`;
      if (format === 'json')
        return {
          fileName: `${base}.json`,
          mediaType: 'application/json',
          encoding: 'utf8',
          data: certificateJson(r),
        };
      return pdfFile(`${base}.pdf`, await certificatePdf(r));
    },
    'sites.summary': async ({ site, runId, format }) => {
      const records = commission.store.records({
        ...(site !== undefined ? { site } : {}),
        ...(runId !== undefined ? { runId } : {}),
      });
      if (records.length === 0)
        throw new ApiError(ApiErrorCode.NOT_FOUND, 'no records to summarise');
      const title =
        runId !== undefined
          ? `${first(records, 'record').site} - batch ${runId}`
          : `${site} - site summary`;
      const base = `summary-${slug(runId ?? site ?? 'site')}`;
      if (format === 'csv')
        return {
          fileName: `${base}.csv`,
          mediaType: 'text/csv',
          encoding: 'utf8',
          data: summaryCsv(records),
        };
      return pdfFile(`${base}.pdf`, await summaryPdf(title, records));
    },
    'sites.recheck': ({ site, user, device }) => {
      const both = user !== undefined && device !== undefined;
      if (!both && (user !== undefined || device !== undefined))
        throw new ApiError(ApiErrorCode.BAD_REQUEST, 'give both user and device, or neither');
      return { run: commission.recheck(site, both ? { user, device } : undefined).info() };
    },
    'sites.export': ({ site }) => {
      const x = commission.exportSite(site);
      return {
        fileName: `site-${slug(site)}.iotmp-site.json`,
        mediaType: 'application/json',
        encoding: 'utf8',
        data: JSON.stringify(x, null, 1),
      };
    },
    'sites.import': ({ data }) => commission.importSite(data),
  };

  const topics: CommissionTopics = {
    'commission.progress': ({ runId }, listener) => {
      if (runId !== undefined) run(runId);
      // Every event is the whole run, so while the transport is busy only each run's latest
      // snapshot waits: bounded by the runs kept, never by how fast boards report.
      const waiting = new Map<string, CommissionEvent>();
      let paused = false;
      const deliver = (e: CommissionEvent) => {
        if (paused) waiting.set(e.run.id, e);
        else if (listener(e) === false) paused = true;
      };
      const timers = new Map<string, NodeJS.Timeout>();
      const last = new Map<string, number>();
      const send = (id: string) => {
        timers.delete(id);
        last.set(id, Date.now());
        const r = commission.run(id);
        if (r) deliver({ run: r.info() });
      };
      const off = commission.onRun((r) => {
        if (runId !== undefined && r.id !== runId) return;
        if (timers.has(r.id)) return;
        const wait = COMMISSION_PROGRESS_MIN_MS - (Date.now() - (last.get(r.id) ?? 0));
        // The run's end is sent at once so nobody waits on a throttle for the final state.
        if (wait <= 0 || r.endedAt !== null) send(r.id);
        else
          timers.set(
            r.id,
            setTimeout(() => send(r.id), wait),
          );
      });
      return {
        resume: () => {
          paused = false;
          for (const [id, e] of waiting) {
            waiting.delete(id);
            deliver(e);
            if (paused) break;
          }
        },
        close: () => {
          off();
          for (const t of timers.values()) clearTimeout(t);
        },
      };
    },
  };
  return { calls, topics };
}
