/** Secret files in the data folder (D8): owner-only, written aside and renamed so a crash never leaves half of one. */
import { chmodSync, renameSync, writeFileSync } from 'node:fs';

export function writeOwnerOnlyFile(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
