/** Finds and reads vector files (the format of shared/spec/vectors) from files or folders. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateVector, type Vector } from './checkVector';

export interface VectorFile {
  path: string;
  vectors: Vector[];
  /** Entries that are not vectors, with the reason (reported, never silently skipped). */
  invalid: { index: number; name?: string; reason: string }[];
}

/** Every `.json` file under the given paths (folders are searched recursively), sorted. */
export function findVectorFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else if (p.endsWith('.json')) {
      out.push(p);
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    if (statSync(abs, { throwIfNoEntry: false }) === undefined)
      throw new Error(`${p}: no such file or folder`);
    if (statSync(abs).isFile() && !abs.endsWith('.json'))
      throw new Error(`${p}: not a .json vector file`);
    visit(abs);
  }
  return out;
}

export function readVectorFile(path: string): VectorFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of vectors`);
  const vectors: Vector[] = [];
  const invalid: VectorFile['invalid'] = [];
  parsed.forEach((entry: unknown, index) => {
    const reason = validateVector(entry);
    if (reason === null) vectors.push(entry as Vector);
    else {
      const name = (entry as { name?: unknown } | null)?.name;
      invalid.push({ index, reason, ...(typeof name === 'string' ? { name } : {}) });
    }
  });
  return { path, vectors, invalid };
}
