/** A hand-over's report in the data folder: `handover/handover-<time>.json`, 0600, no credential. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storedReport, type HandoverReport } from './Handover';

export function writeHandoverReport(dataDir: string, report: HandoverReport): string {
  const folder = join(dataDir, 'handover');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(
    folder,
    `handover-${new Date(report.startedAt).toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, JSON.stringify(storedReport(report), null, 2), { mode: 0o600 });
  return file;
}
