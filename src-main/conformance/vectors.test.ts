/**
 * The golden vectors of ../shared/spec/vectors (and of $IOTMP_VECTORS_DIR when set), each checked
 * four ways: decode, encode, round trip, and fed incrementally (IOTMP.md §2–§5).
 */
import { fileURLToPath } from 'node:url';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVector, type CheckName } from './checkVector';
import { findVectorFiles, readVectorFile } from './loadVectors';

const SHARED_VECTORS = resolve(fileURLToPath(import.meta.url), '../../../../shared/spec/vectors');
const dirs = [
  SHARED_VECTORS,
  ...(process.env.IOTMP_VECTORS_DIR ? [process.env.IOTMP_VECTORS_DIR] : []),
];
const CHECKS: CheckName[] = ['decode', 'encode', 'roundtrip', 'incremental'];

describe('golden vector sources', () => {
  it('the shared vector folder holds vector files', () => {
    expect(findVectorFiles([SHARED_VECTORS]).length).toBeGreaterThanOrEqual(5);
  });
});

for (const dir of dirs) {
  for (const path of findVectorFiles([dir])) {
    const file = readVectorFile(path);
    describe(`${basename(dir)}/${basename(path)}`, () => {
      it('every entry is a well-formed vector', () => {
        expect(file.invalid).toEqual([]);
      });
      for (const v of file.vectors) {
        const results = checkVector(v);
        for (const check of CHECKS) {
          const r = results.find((x) => x.check === check)!;
          it(`${v.name}: ${check}${r.detail?.startsWith('skipped') ? ` (${r.detail})` : ''}`, () => {
            expect(r.ok, r.detail).toBe(true);
          });
        }
      }
    });
  }
}
