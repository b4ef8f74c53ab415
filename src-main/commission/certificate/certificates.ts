/**
 * Certificates: per device a PDF for people and a JSON document for machines (the record itself,
 * which never holds a credential), and per batch or site a summary as CSV and PDF.
 */
import { deviceKey } from '../../contract/deviceKey';
import type { CommissionRecord } from '../../contract/commissionSchemas';
import {
  boardSection,
  checksSection,
  deviceSection,
  firmwareSection,
  joinSection,
  recordSection,
  stepsSection,
  when,
} from './certificateSections';
import { COLORS, PdfWriter } from './PdfWriter';

const STATUS_WORD: Record<CommissionRecord['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  cancelled: 'CANCELLED',
  interrupted: 'INTERRUPTED',
  running: 'RUNNING',
};

const deviceName = (r: CommissionRecord): string =>
  r.identity ? deviceKey(r.identity) : `(no identity) on ${r.board.port}`;

/** The certificate's machine-readable form: the record as stored. */
export function certificateJson(r: CommissionRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export async function certificatePdf(r: CommissionRecord): Promise<Uint8Array> {
  const pdf = await PdfWriter.create(
    `Commissioning certificate ${deviceName(r)}`,
    `IoTMP Studio ${r.appVersion} - record ${r.id}`,
  );
  pdf.title('Commissioning certificate');
  pdf.paragraph(`${r.site} - ${r.plan.name}`, COLORS.muted, 10);
  pdf.space(4);
  pdf.verdict(
    STATUS_WORD[r.status],
    r.status === 'pass' ? COLORS.pass : r.status === 'fail' ? COLORS.fail : COLORS.warn,
    deviceName(r),
  );
  if (r.error)
    pdf.paragraph(`${r.stoppedAt ? `Stopped at ${r.stoppedAt}: ` : ''}${r.error}`, COLORS.fail);

  deviceSection(pdf, r);
  boardSection(pdf, r);
  firmwareSection(pdf, r);
  joinSection(pdf, r);
  stepsSection(pdf, r);
  checksSection(pdf, r);
  recordSection(pdf, r);
  return pdf.save();
}

const CSV_COLUMNS = [
  'site',
  'user',
  'device',
  'status',
  'stopped_at',
  'error',
  'port',
  'chip',
  'mac',
  'firmware',
  'firmware_sha256',
  'verified',
  'joined_at',
  'checks_passed',
  'checks_failed',
  'checks_skipped',
  'technician',
  'started_at',
  'ended_at',
  'record_id',
] as const;

/** RFC 4180 field; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula. */
function csvField(v: string): string {
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function summaryCsv(records: readonly CommissionRecord[]): string {
  const rows = records.map((r) => [
    r.site,
    r.identity?.user ?? '',
    r.identity?.device ?? '',
    r.status,
    r.stoppedAt ?? '',
    r.error ?? '',
    r.board.port,
    r.board.chip ?? '',
    r.board.mac ?? '',
    r.firmware.images.map((i) => i.name).join(' '),
    r.firmware.images.map((i) => i.sha256).join(' '),
    r.firmware.verified === null ? '' : String(r.firmware.verified),
    r.join?.at ? new Date(r.join.at).toISOString() : '',
    String(r.checks.filter((c) => c.status === 'pass').length),
    String(r.checks.filter((c) => c.status === 'fail').length),
    String(r.checks.filter((c) => c.status === 'skipped').length),
    r.technician,
    new Date(r.startedAt).toISOString(),
    r.endedAt ? new Date(r.endedAt).toISOString() : '',
    r.id,
  ]);
  return (
    [CSV_COLUMNS.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n'
  );
}

export async function summaryPdf(
  title: string,
  records: readonly CommissionRecord[],
): Promise<Uint8Array> {
  const pdf = await PdfWriter.create(title, `IoTMP Studio - ${title}`);
  pdf.title(title);
  const passed = records.filter((r) => r.status === 'pass').length;
  pdf.paragraph(
    `${records.length} board${records.length === 1 ? '' : 's'}: ${passed} passed, ${records.length - passed} not passed. Generated ${when(Date.now())}.`,
    COLORS.muted,
    10,
  );
  pdf.space(6);
  pdf.table(
    [
      { header: 'Result', width: 0.12 },
      { header: 'Device', width: 0.2 },
      { header: 'Port / chip', width: 0.22 },
      { header: 'Checks', width: 0.1 },
      { header: 'Firmware SHA-256', width: 0.16, mono: true },
      { header: 'Why not passed', width: 0.2 },
    ],
    records.map((r) => [
      STATUS_WORD[r.status],
      r.identity ? r.identity.device : '-',
      `${r.board.port}${r.board.chip ? ` - ${r.board.chip}` : ''}`,
      `${r.checks.filter((c) => c.status === 'pass').length}/${r.checks.length}`,
      r.firmware.images.map((i) => i.sha256.slice(0, 16)).join(' ') || '-',
      r.error ?? '',
    ]),
    (row) => (row[0] === 'PASS' ? COLORS.pass : row[0] === 'FAIL' ? COLORS.fail : COLORS.warn),
  );
  return pdf.save();
}
