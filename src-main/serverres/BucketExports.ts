/**
 * Bucket exports as Thinger runs them: asked for, answered at once with the file name, built in
 * the background (the range read in pages, the event loop free between them), then announced
 * (`completed`, what the events socket sends as `bucket_export_completed`) and downloadable.
 * Files live in the data folder (0600), at most `MAX_EXPORTS_PER_USER` per user (the oldest
 * go), at most `MAX_RUNNING_PER_USER` being built at once, each at most `MAX_EXPORT_RECORDS`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { psonToJson } from '../protocol';
import { Emitter } from '../util/Emitter';
import type { BucketStore } from './BucketStore';
import { toCsv, toJsonExport, type ExportRecord, type TimestampFormat } from './bucketExport';

const MAX_EXPORTS_PER_USER = 20;
const MAX_RUNNING_PER_USER = 2;
/** Records one export holds (the same bound as the synchronous download). */
const MAX_EXPORT_RECORDS = 50_000;
/** Rows read per step: a few ms of SQLite, then the event loop serves others. */
const PAGE = 5_000;

export type ExportFormat = 'csv' | 'json';

export interface ExportInfo {
  file: string;
  bucket: string;
  data_type: ExportFormat;
  status: 'running' | 'done' | 'failed';
  records: number;
  truncated: boolean;
  size: number;
  created: number;
  finished: number | null;
  error: string | null;
}

export class ExportError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BUSY' | 'NOT_READY',
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

const FILE = /^[A-Za-z0-9_.-]{1,160}$/;
/** `<bucket>_<ISO time with - for : and .>_<6 hex>.<csv|json>`: how `start` names files. */
const NAMED = /^(.+)_\d{4}-\d{2}-\d{2}T[\d-]+Z_[0-9a-f]{6}\.(csv|json)$/;

export class BucketExports {
  /** By user, then file: what this run knows (files from earlier runs are read from disk). */
  private readonly known = new Map<string, Map<string, ExportInfo>>();
  readonly completed = new Emitter<{ done: { user: string; info: ExportInfo } }>();

  constructor(
    private readonly buckets: Pick<BucketStore, 'query'>,
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  start(
    user: string,
    bucket: string,
    o: { format: ExportFormat; timestampFormat?: TimestampFormat; minTs?: number; maxTs?: number },
  ): ExportInfo {
    const mine = this.of(user);
    const running = [...mine.values()].filter((e) => e.status === 'running').length;
    if (running >= MAX_RUNNING_PER_USER)
      throw new ExportError(
        'BUSY',
        `${MAX_RUNNING_PER_USER} exports are being built already: wait for one to finish`,
      );
    this.prune(user, mine);
    const created = this.now();
    const file = `${bucket}_${new Date(created).toISOString().replace(/[:.]/g, '-')}_${randomBytes(3).toString('hex')}.${o.format}`;
    const info: ExportInfo = {
      file,
      bucket,
      data_type: o.format,
      status: 'running',
      records: 0,
      truncated: false,
      size: 0,
      created,
      finished: null,
      error: null,
    };
    mine.set(file, info);
    void this.build(user, info, o);
    return { ...info };
  }

  list(user: string, bucket: string): ExportInfo[] {
    return [...this.of(user).values()]
      .filter((e) => e.bucket === bucket)
      .sort((a, b) => b.created - a.created)
      .map((e) => ({ ...e }));
  }

  info(user: string, bucket: string, file: string): ExportInfo {
    const e = this.of(user).get(file);
    if (!e || e.bucket !== bucket) throw new ExportError('NOT_FOUND', `no export "${file}"`);
    return { ...e };
  }

  /** The finished file's text. */
  read(user: string, bucket: string, file: string): { info: ExportInfo; text: string } {
    const info = this.info(user, bucket, file);
    if (info.status === 'running')
      throw new ExportError('NOT_READY', `export "${file}" is still being built`);
    if (info.status === 'failed')
      throw new ExportError('NOT_FOUND', `export "${file}" failed: ${info.error}`);
    return { info, text: readFileSync(this.path(user, file), 'utf8') };
  }

  remove(user: string, bucket: string, file: string): boolean {
    const info = this.info(user, bucket, file);
    this.of(user).delete(file);
    rmSync(this.path(user, info.file), { force: true });
    return true;
  }

  private path(user: string, file: string): string {
    return join(this.dir, encodeURIComponent(user), file);
  }

  /** This user's exports; after a restart, the files on disk (finished ones). */
  private of(user: string): Map<string, ExportInfo> {
    let m = this.known.get(user);
    if (m) return m;
    m = new Map();
    const folder = join(this.dir, encodeURIComponent(user));
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      /* no exports yet */
    }
    for (const f of names) {
      const [, bucket, format] = NAMED.exec(f) ?? [];
      if (bucket === undefined || !FILE.test(f)) continue;
      const st = statSync(join(folder, f));
      m.set(f, {
        file: f,
        bucket,
        data_type: format as ExportFormat,
        status: 'done',
        records: 0,
        truncated: false,
        size: st.size,
        created: st.mtimeMs,
        finished: st.mtimeMs,
        error: null,
      });
    }
    this.known.set(user, m);
    return m;
  }

  private prune(user: string, mine: Map<string, ExportInfo>): void {
    const done = [...mine.values()]
      .filter((e) => e.status !== 'running')
      .sort((a, b) => a.created - b.created);
    for (const old of done) {
      if (mine.size < MAX_EXPORTS_PER_USER) break;
      mine.delete(old.file);
      rmSync(this.path(user, old.file), { force: true });
    }
  }

  private async build(
    user: string,
    info: ExportInfo,
    o: { format: ExportFormat; timestampFormat?: TimestampFormat; minTs?: number; maxTs?: number },
  ): Promise<void> {
    try {
      const records: ExportRecord[] = [];
      let from = o.minTs;
      for (;;) {
        await new Promise((r) => setImmediate(r));
        const rows = this.buckets.query(user, info.bucket, {
          sort: 'asc',
          limit: PAGE,
          ...(from !== undefined ? { from } : {}),
          ...(o.maxTs !== undefined ? { to: o.maxTs } : {}),
        });
        // Records sharing the page's last timestamp may straddle pages: the next page starts
        // after that millisecond, and its records are taken here in full.
        const last = rows.length === PAGE ? (rows.at(-1)?.ts ?? null) : null;
        for (const r of rows)
          if (last === null || r.ts < last)
            records.push({ ts: r.ts, device: r.device, val: psonToJson(r.data) });
        if (last !== null) {
          const same = this.buckets.query(user, info.bucket, {
            sort: 'asc',
            limit: MAX_EXPORT_RECORDS + 1,
            from: last,
            to: last,
          });
          for (const r of same)
            records.push({ ts: r.ts, device: r.device, val: psonToJson(r.data) });
        }
        if (records.length > MAX_EXPORT_RECORDS) {
          records.length = MAX_EXPORT_RECORDS;
          info.truncated = true;
          break;
        }
        if (last === null) break;
        from = last + 1;
      }
      const text =
        o.format === 'csv'
          ? toCsv(records, o.timestampFormat ?? 'iso')
          : toJsonExport(records, o.timestampFormat ?? 'milliseconds');
      mkdirSync(join(this.dir, encodeURIComponent(user)), { recursive: true, mode: 0o700 });
      writeFileSync(this.path(user, info.file), text, { mode: 0o600 });
      Object.assign(info, {
        status: 'done',
        records: records.length,
        size: Buffer.byteLength(text),
        finished: this.now(),
      });
    } catch (e) {
      Object.assign(info, { status: 'failed', error: (e as Error).message, finished: this.now() });
    }
    this.completed.emit('done', { user, info: { ...info } });
  }
}
