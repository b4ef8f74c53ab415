/** The reference-client captures in ../shared/spec/traces (format: see its README). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from '../protocol';

const TRACES_DIR = resolve(fileURLToPath(import.meta.url), '../../../../shared/spec/traces');

export interface TraceFrame {
  t: number;
  conn: number;
  /** `C>S` device to server, `S>C` server to device. */
  dir: 'C>S' | 'S>C';
  category: string;
  hex: string;
  type: string;
  fields: { field: number; name: string; wt: number; value: Json }[];
}

/** Names of the runs that have a frames.jsonl. */
export function traceRuns(dir = TRACES_DIR): string[] {
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, 'frames.jsonl')));
}

export function loadTrace(run: string, dir = TRACES_DIR): TraceFrame[] {
  return readFileSync(join(dir, run, 'frames.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceFrame);
}
