/** `sites.*` calls: commissioned sites, their records, certificates, summaries, export/import. */
import { ApiError, ApiErrorCode, type GeneratedFile } from '../../contract';
import { first } from '../../contract/present';
import type { CommissionServices } from '../../commission/CommissionServices';
import {
  certificateJson,
  certificatePdf,
  summaryCsv,
  summaryPdf,
} from '../../commission/certificate/certificates';
import type { CallsOf } from './types';

/** A file name part from a site or device name: letters, digits, - and _. */
const slug = (s: string): string =>
  s.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'site';

const pdfFile = (fileName: string, bytes: Uint8Array): GeneratedFile => ({
  fileName,
  mediaType: 'application/pdf',
  encoding: 'base64',
  data: Buffer.from(bytes).toString('base64'),
});

const textFile = (fileName: string, mediaType: string, data: string): GeneratedFile => ({
  fileName,
  mediaType,
  encoding: 'utf8',
  data,
});

export function siteCalls(commission: CommissionServices): CallsOf<'sites'> {
  const record = (id: string) => {
    const r = commission.store.record(id);
    if (!r) throw new ApiError(ApiErrorCode.NOT_FOUND, `no commissioning record ${id}`);
    return r;
  };
  return {
    'sites.list': () => ({ sites: commission.store.sites() }),
    'sites.devices': ({ site }) => ({ devices: commission.siteDevices(site) }),
    'sites.records': (filter) => ({ records: commission.store.records(filter) }),
    'sites.certificate': async ({ recordId, format }) => {
      const r = record(recordId);
      const base = `certificate-${slug(r.identity?.device ?? r.board.port)}-${r.id.slice(0, 8)}`;
      if (format === 'json')
        return textFile(`${base}.json`, 'application/json', certificateJson(r));
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
      if (format === 'csv') return textFile(`${base}.csv`, 'text/csv', summaryCsv(records));
      return pdfFile(`${base}.pdf`, await summaryPdf(title, records));
    },
    'sites.recheck': ({ site, user, device }) => {
      const both = user !== undefined && device !== undefined;
      if (!both && (user !== undefined || device !== undefined))
        throw new ApiError(ApiErrorCode.BAD_REQUEST, 'give both user and device, or neither');
      return { run: commission.recheck(site, both ? { user, device } : undefined).info() };
    },
    'sites.export': ({ site }) =>
      textFile(
        `site-${slug(site)}.iotmp-site.json`,
        'application/json',
        JSON.stringify(commission.exportSite(site), null, 1),
      ),
    'sites.import': ({ data }) => commission.importSite(data),
  };
}
