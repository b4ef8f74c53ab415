import { relative } from 'node:path';
import { checkVector } from '../conformance/checkVector';
import { findVectorFiles, readVectorFile } from '../conformance/loadVectors';
import { UsageError } from './UsageError';

/**
 * `iotmp vectors`: one line per failing vector, then `N passed, M failed`. Returns the exit
 * status: 0 when everything passed, 1 otherwise.
 */
export function runVectors(
  paths: string[],
  opts: { verbose: boolean; out: (line: string) => void },
): number {
  let files: string[];
  try {
    files = findVectorFiles(paths);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (files.length === 0) throw new UsageError(`no .json vector files in ${paths.join(', ')}`);
  let passed = 0;
  let failed = 0;
  for (const path of files) {
    const name = relative(process.cwd(), path) || path;
    let file;
    try {
      file = readVectorFile(path);
    } catch (e) {
      opts.out(`FAIL ${(e as Error).message}`);
      failed++;
      continue;
    }
    for (const bad of file.invalid) {
      opts.out(
        `FAIL ${name} #${bad.index}${bad.name ? ` ${bad.name}` : ''}: not a vector: ${bad.reason}`,
      );
      failed++;
    }
    for (const v of file.vectors) {
      let problems: { check: string; detail?: string }[];
      try {
        problems = checkVector(v).filter((r) => !r.ok);
      } catch (e) {
        // A vector spelled in a way the checker cannot read (e.g. `$double: "-0"`) is that
        // vector's failure; the others are still checked.
        problems = [{ check: 'read', detail: e instanceof Error ? e.message : String(e) }];
      }
      if (problems.length === 0) {
        passed++;
        if (opts.verbose) opts.out(`ok   ${name} ${v.name}`);
      } else {
        failed++;
        opts.out(
          `FAIL ${name} ${v.name}: ${problems.map((p) => `${p.check}: ${p.detail}`).join('; ')}`,
        );
      }
    }
  }
  opts.out(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
