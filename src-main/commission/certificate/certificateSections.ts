/**
 * The sections of a device's commissioning certificate (certificates.ts puts them in order):
 * device, board, firmware, broker and join, steps, checks, and the record itself.
 */
import type { CheckResult, CommissionRecord } from '../../contract/commissionSchemas';
import { COLORS, type PdfWriter } from './PdfWriter';

/** A time as "2026-12-07 03:27:47 UTC"; "-" for none. */
export const when = (ms: number | null): string =>
  ms === null
    ? '-'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');

const checkColor = (row: string[]) =>
  row[0] === 'PASS' ? COLORS.pass : row[0] === 'FAIL' ? COLORS.fail : COLORS.warn;

function checkRow(c: CheckResult): string[] {
  return [c.status.toUpperCase(), c.label, c.measured ?? '', c.expected ?? '', c.note ?? ''];
}

/** Who the device is and how its identity was written. */
export function deviceSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}

/** The board: port, chip, MAC, signature, USB ids. */
export function boardSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}

/** The images written, their hashes, and whether they were verified. */
export function firmwareSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}

/** Where the device dials and when it joined. */
export function joinSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}

/** Each step with its result and detail. */
export function stepsSection(pdf: PdfWriter, r: CommissionRecord): void {
  pdf.heading('Steps');
  pdf.table(
    [
      { header: 'Step', width: 0.14 },
      { header: 'Result', width: 0.12 },
      { header: 'Detail', width: 0.74 },
    ],
    r.steps.map((s) => [s.step, s.status, s.detail]),
  );
}

/** Each check: what was measured against what was expected. */
export function checksSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}

/** Who, when, which app and plan, which record. */
export function recordSection(pdf: PdfWriter, r: CommissionRecord): void {
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
}
