/**
 * Asynchronous bucket exports as Node-RED's bucket-export node uses them (read from
 * node-red-contrib-thinger nodes/bucket-export.js): subscribe to bucket_export_completed on the
 * events socket, POST …/exports with {data_type, timestamp_format, min_ts, max_ts}, take
 * `file` from the answer, wait for the event with that file, turn its `file://` url into
 * /v1/users/{u}/buckets/{b}/exports/{file} and download it. Real HTTP, WebSocket and SQLite.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BucketExports, ExportError } from '../serverres/BucketExports';
import type { ApiHttp } from './http';
import { CONSOLE_TOKEN, startApiHttpFixture, type ApiHttpFixture } from './testing';

let fx: ApiHttpFixture['fx'];
let site: ApiHttpFixture;
let http: ApiHttp;
const T0 = 1_700_000_000_000;

beforeAll(async () => {
  site = await startApiHttpFixture();
  ({ fx, http } = site);
  const b = fx.env.service.buckets;
  await fx.api.invoke('buckets.create', { user: 'site', bucket: 'climate' });
  // 12,000 records over pages of 5,000, with runs of equal timestamps across the page edges.
  fx.env.service.db.transaction(() => {
    for (let i = 0; i < 12_000; i++)
      b.write(
        'site',
        'climate',
        i % 2 ? 'thermo' : 'pump',
        { t: i, env: { h: i % 100 } },
        T0 + Math.floor(i / 3),
      );
  })();
});
afterAll(async () => {
  await site.stop();
});

const rest = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${http.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${CONSOLE_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
};

async function exportLikeNodeRed(
  body: Record<string, unknown>,
): Promise<{ url: string; file: string }> {
  const ws = new WebSocket(
    `${http.url.replace('http', 'ws')}/v1/users/site/events?authorization=${CONSOLE_TOKEN}`,
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const events: Record<string, unknown>[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as Record<string, unknown>));
  ws.send(JSON.stringify({ event: 'bucket_export_completed', bucket: 'climate' }));
  await new Promise((r) => setTimeout(r, 50));
  const started = await rest('POST', '/v1/users/site/buckets/climate/exports', body);
  expect(started.status).toBe(200);
  const { file, status } = JSON.parse(started.text) as { file: string; status: string };
  expect(status).toBe('running');
  for (let i = 0; i < 300 && !events.some((e) => e.file === file); i++)
    await new Promise((r) => setTimeout(r, 50));
  ws.close();
  const done = events.find((e) => e.file === file)!;
  expect(done).toMatchObject({
    event: 'bucket_export_completed',
    bucket: 'climate',
    status: 'done',
  });
  // getFileUrl: file://<path>/<file> → /v1/<path>/exports/<file>
  const pieces = String(done.url).replace('file://', '').split('/');
  pieces.splice(pieces.length - 1, 0, 'exports');
  return { url: `/v1/${pieces.join('/')}`, file };
}

describe('bucket exports (asynchronous, Thinger shape)', () => {
  it('Node-RED bucket-export: all records as CSV, each record once across page edges', async () => {
    const { url, file } = await exportLikeNodeRed({
      data_type: 'csv',
      timestamp_format: 'milliseconds',
      max_ts: 0,
      min_ts: 0,
    });
    expect(url).toBe(`/v1/users/site/buckets/climate/exports/${file}`);
    const got = await rest('GET', url);
    expect(got.status).toBe(200);
    expect(got.type).toContain('text/csv');
    const lines = got.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('ts,device,t,env.h');
    expect(lines).toHaveLength(12_001);
    const ts = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(new Set(ts).size).toBe(12_000);
    const listed = JSON.parse((await rest('GET', '/v1/users/site/buckets/climate/exports')).text);
    expect(listed).toMatchObject([{ file, status: 'done', records: 12_000, data_type: 'csv' }]);
  });

  it('JSON of a range with seconds; delete; bad requests answer what to do', async () => {
    const { url, file } = await exportLikeNodeRed({
      data_type: 'json',
      timestamp_format: 'seconds',
      min_ts: T0 + 1000,
      max_ts: T0 + 1999,
    });
    const rows = JSON.parse((await rest('GET', url)).text) as { ts: number; val: { t: number } }[];
    expect(rows).toHaveLength(3000);
    expect(rows[0]).toMatchObject({ ts: Math.floor((T0 + 1000) / 1000), val: { t: 3000 } });
    expect((await rest('DELETE', `/v1/users/site/buckets/climate/exports/${file}`)).status).toBe(
      200,
    );
    expect((await rest('GET', url)).status).toBe(404);

    const arff = await rest('POST', '/v1/users/site/buckets/climate/exports', {
      data_type: 'arff',
    });
    expect(arff.status).toBe(400);
    expect(arff.text).toContain('csv or json');
    const mail = await rest('POST', '/v1/users/site/buckets/climate/exports', {
      data_type: 'csv',
      callback: 'email',
    });
    expect(mail.status).toBe(400);
    expect(mail.text).toContain('bucket_export_completed');
    expect(
      (await rest('POST', '/v1/users/site/buckets/nothing/exports', { data_type: 'csv' })).status,
    ).toBe(404);
  });

  it('at most 2 built at once per user; a running export is not downloadable yet (409)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exports-'));
    const exports = new BucketExports(fx.env.service.buckets, dir);
    const a = exports.start('site', 'climate', { format: 'csv' });
    exports.start('site', 'climate', { format: 'json' });
    expect(() => exports.start('site', 'climate', { format: 'csv' })).toThrow(ExportError);
    expect(() => exports.read('site', 'climate', a.file)).toThrow(/still being built/);
    await new Promise<void>((resolve) => {
      let n = 0;
      exports.completed.on('done', () => ++n === 2 && resolve());
    });
    expect(exports.read('site', 'climate', a.file).info).toMatchObject({
      status: 'done',
      records: 12_000,
    });
    // A new instance over the same folder (a restart) still lists and serves the files.
    const again = new BucketExports(fx.env.service.buckets, dir);
    expect(again.list('site', 'climate')).toHaveLength(2);
    expect(again.read('site', 'climate', a.file).text.split('\r\n')[0]).toBe('ts,device,t,env.h');
  });
});
