/**
 * Certificates: per device a PDF for people and a JSON document for machines (the record itself,
 * which never holds a credential), and per batch or site a summary as CSV and PDF.
 */
import { deviceKey } from '../../contract/deviceKey';
import type { CheckResult, CommissionRecord } from '../../contract/commissionSchemas';
import { COLORS, PdfWriter } from './PdfWriter';

const when = (ms: number | null): string =>
  ms === null
    ? '-'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');

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

const checkColor = (row: string[]) =>
  row[0] === 'PASS' ? COLORS.pass : row[0] === 'FAIL' ? COLORS.fail : COLORS.warn;

function checkRow(c: CheckResult): string[] {
  return [c.status.toUpperCase(), c.label, c.measured ?? '', c.expected ?? '', c.note ?? ''];
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

  pdf.heading('Device');
  pdf.fields([
    ['Device id', r.identity?.device ?? '-'],
    ['User', r.identity?.user ?? '-'],
    ['Registry', r.registryState],
    [
      'Provisioning',
      `${r.provisioning.method}${
        r.provisioning.readBack
          ? ` - read back: ${Object.entries(r.provisioning.readBack)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      }`,
    ],
  ]);

  pdf.heading('Board');
  pdf.fields([
    ['Port', r.board.port],
    ['Board / chip', [r.board.board, r.board.chip].filter(Boolean).join(' - ')],
    ['MAC', r.board.mac ?? '-'],
    ['Signature', r.board.signature ?? '-', { mono: true }],
    [
      'USB',
      [
        r.board.vendorId && `${r.board.vendorId}:${r.board.productId ?? ''}`,
        r.board.usbSerial && `serial ${r.board.usbSerial}`,
      ]
        .filter(Boolean)
        .join(', ') || '-',
    ],
  ]);

  pdf.heading('Firmware');
  if (r.firmware.images.length === 0)
    pdf.paragraph('No firmware written (the board kept its own).');
  for (const img of r.firmware.images)
    pdf.fields([
      [
        'Image',
        `${img.name}${img.offset !== null ? ` at 0x${img.offset.toString(16)}` : ''}, ${img.sizeBytes} bytes`,
      ],
      ['SHA-256', img.sha256, { mono: true }],
    ]);
  pdf.fields([
    [
      'Verify',
      r.firmware.verified === null
        ? 'not flashed'
        : r.firmware.verified
          ? 'verified after writing'
          : 'NOT verified',
      { color: r.firmware.verified === false ? COLORS.fail : COLORS.text },
    ],
  ]);

  pdf.heading('Broker and join');
  pdf.fields([
    ['Broker address', r.broker.address],
    ['TLS fingerprint', r.broker.tlsFingerprint, { mono: true }],
    [
      'Joined',
      r.join === null
        ? '-'
        : r.join.at !== null
          ? `${when(r.join.at)} over ${r.join.transport ?? '?'} from ${r.join.remoteAddress ?? '?'}`
          : (r.join.diagnosis ?? 'no'),
    ],
  ]);

  pdf.heading('Steps');
  pdf.table(
    [
      { header: 'Step', width: 0.14 },
      { header: 'Result', width: 0.12 },
      { header: 'Detail', width: 0.74 },
    ],
    r.steps.map((s) => [s.step, s.status, s.detail]),
  );

  pdf.heading(
    `Checks (${r.checks.filter((c) => c.status === 'pass').length} of ${r.checks.length} passed)`,
  );
  if (r.checks.length === 0) pdf.paragraph('No checks ran.');
  else
    pdf.table(
      [
        { header: 'Result', width: 0.09 },
        { header: 'Check', width: 0.29 },
        { header: 'Measured', width: 0.2 },
        { header: 'Expected', width: 0.18 },
        { header: 'Note', width: 0.24 },
      ],
      r.checks.map(checkRow),
      checkColor,
    );

  pdf.heading('Record');
  pdf.fields([
    ['Technician', r.technician || '-'],
    ['Started', when(r.startedAt)],
    ['Ended', when(r.endedAt)],
    ['App version', `IoTMP Studio ${r.appVersion}`],
    ['Plan', `${r.plan.name} (SHA-256 ${r.plan.sha256.slice(0, 16)}...)`],
    ['Record id', r.id, { mono: true }],
    ['Run', r.runId, { mono: true }],
  ]);
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
