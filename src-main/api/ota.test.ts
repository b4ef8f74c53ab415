/**
 * OTA over IoTMP end to end with real parts: the headless API (`ota.*` calls, `ota.progress`),
 * the broker over real TCP, and simulated devices whose `$ota/*` resources behave as the
 * IOTMP-Arduino OTA headers (simulator/otaFirmware.ts). Two devices per job: one is updated and
 * runs the new image, the other fails with a clear reason and costs the first nothing. Also the
 * VS Code extension's own requests over the Thinger REST routes (IOTMP.md §7.1 `$ota/…` names).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OtaJob } from '../contract';
import { OtaFirmware, type OtaFirmwareOptions } from '../simulator/otaFirmware';
import { SimulatedDevice } from '../simulator/SimulatedDevice';
import type { ApiHttp } from './http';
import { CONSOLE_TOKEN, errorOf, startApiHttpFixture, type ApiHttpFixture } from './testing';

let fx: ApiHttpFixture['fx'];
let site: ApiHttpFixture;
let http: ApiHttp;
const running: SimulatedDevice[] = [];
// A firmware that compresses a little, like a real image (zlib has something to do).
const IMAGE = Buffer.concat([randomBytes(20_000), Buffer.alloc(30_000, 0xff)]);

beforeAll(async () => {
  site = await startApiHttpFixture();
  ({ fx, http } = site);
});
afterAll(async () => {
  for (const d of running) await d.stop();
  await site.stop();
});

let n = 0;
async function otaDevice(
  options: Partial<OtaFirmwareOptions> = {},
): Promise<{ name: string; fw: OtaFirmware; device: SimulatedDevice; restart(): Promise<void> }> {
  const name = `ota${++n}`;
  await fx.env.service.devices.add('site', name, { credential: 'pw' });
  const fw = new OtaFirmware({
    version: '1.0.0',
    freeSpace: 1_000_000,
    blockSize: 2048,
    ...options,
  });
  const start = async (): Promise<SimulatedDevice> => {
    const device = new SimulatedDevice({
      host: '127.0.0.1',
      port: fx.env.service.port('tcp')!,
      transport: 'tcp',
      user: 'site',
      device: name,
      credential: 'pw',
      extraResources: fw.resources(),
      reconnectDelayMs: 200,
    });
    device.start();
    running.push(device);
    await device.waitForState('online', AbortSignal.timeout(10_000));
    return device;
  };
  const out = {
    name,
    fw,
    device: await start(),
    restart: async () => {
      await out.device.stop();
      fw.reset(); // the device reboots: the update it was taking is gone
      out.device = await start();
    },
  };
  return out;
}

async function finished(jobId: string): Promise<OtaJob> {
  for (let i = 0; i < 600; i++) {
    const [job] = (await fx.api.invoke('ota.jobs', { jobId })).jobs;
    if (job!.finished !== null) return job!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the OTA job did not finish');
}

const resultOf = (job: OtaJob, device: string) =>
  job.devices.find((d) => d.device === device)!.result!;

describe('OTA over IoTMP', () => {
  it('two devices: one is updated (zlib, MD5 checked), the other is refused before any byte: too large', async () => {
    const good = await otaDevice({ compression: 'zlib' });
    const small = await otaDevice({ freeSpace: 40_000 });
    const events: { device: { device: string; phase: string; sent: number } | null }[] = [];
    const sub = fx.api.subscribe('ota.progress', {}, (e) => {
      events.push(e as (typeof events)[number]);
    });
    const job = await fx.api.invoke('ota.start', {
      user: 'site',
      devices: [good.name, small.name],
      image: IMAGE.toString('base64'),
      version: '2.0.0',
    });
    const done = await finished(job.id);
    sub.close();

    expect(resultOf(done, good.name)).toMatchObject({ result: 'success', attempts: 1 });
    expect(resultOf(done, good.name).description).toContain('zlib');
    expect(Buffer.from(good.fw.installed!).equals(IMAGE)).toBe(true);
    expect(good.fw.version).toBe('2.0.0');
    expect(good.fw.reboots).toBe(1);
    // Compressed: fewer bytes went over the wire than the image has.
    expect(resultOf(done, good.name).bytes).toBeLessThan(IMAGE.length);

    expect(resultOf(done, small.name)).toMatchObject({ result: 'failure', bytes: 0 });
    expect(resultOf(done, small.name).description).toMatch(
      /image \(48\.8 KiB\) is larger than the 39\.1 KiB the device accepts/,
    );
    expect(small.fw.writes).toBe(0);
    expect(small.fw.version).toBe('1.0.0');

    // Progress: the good device's bytes grew chunk by chunk to the end.
    const sent = events
      .filter((e) => e.device?.device === good.name && e.device.phase === 'write')
      .map((e) => e.device!.sent);
    expect(sent.length).toBeGreaterThan(3);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));

    // Again with the same version: nothing to do.
    const again = await finished(
      (
        await fx.api.invoke('ota.start', {
          user: 'site',
          devices: [good.name],
          image: IMAGE.toString('base64'),
          version: '2.0.0',
        })
      ).id,
    );
    expect(resultOf(again, good.name).result).toBe('already_updated');
  });

  it('a flash error mid-image fails that device with its words; the other still finishes', async () => {
    const broken = await otaDevice({ failWriteAt: 10_000 });
    const fine = await otaDevice({ blockSize: 1024 });
    const done = await finished(
      (
        await fx.api.invoke('ota.start', {
          user: 'site',
          devices: [broken.name, fine.name],
          image: IMAGE.toString('base64'),
          version: '3.0.0',
        })
      ).id,
    );
    expect(resultOf(done, broken.name)).toMatchObject({ result: 'failure' });
    expect(resultOf(done, broken.name).description).toMatch(
      /could not write a part of the image: Flash write failed \(at byte 8192 of 50000\)/,
    );
    expect(broken.fw.installed).toBeNull();
    expect(resultOf(done, fine.name).result).toBe('success');
    expect(Buffer.from(fine.fw.installed!).equals(IMAGE)).toBe(true);
  });

  it('a device that drops off mid-image is updated from begin again once it is back', async () => {
    let dropped = false;
    const flaky: Awaited<ReturnType<typeof otaDevice>> = await otaDevice({
      onWrite: (w) => {
        if (w === 5 && !dropped) {
          dropped = true;
          void flaky.restart();
        }
      },
    });
    const done = await finished(
      (
        await fx.api.invoke('ota.start', {
          user: 'site',
          devices: [flaky.name],
          image: IMAGE.toString('base64'),
          version: '4.0.0',
        })
      ).id,
    );
    expect(dropped).toBe(true);
    // Attempt 2 normally; one more when the broker still saw the old session for a moment.
    expect(resultOf(done, flaky.name).result).toBe('success');
    expect(resultOf(done, flaky.name).attempts).toBeGreaterThanOrEqual(2);
    expect(Buffer.from(flaky.fw.installed!).equals(IMAGE)).toBe(true);
  });

  it('bad input: a device without OTA, an unknown device, an empty or non-base64 image', async () => {
    const done = await finished(
      (
        await fx.api.invoke('ota.start', {
          user: 'site',
          devices: ['thermo'],
          image: IMAGE.toString('base64'),
        })
      ).id,
    );
    expect(resultOf(done, 'thermo')).toMatchObject({
      result: 'failure',
      description: 'the device does not support OTA (no $ota/options resource)',
    });
    expect(
      (
        await errorOf(
          fx.api.invoke('ota.start', { user: 'site', devices: ['ghost'], image: 'AAAA' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          fx.api.invoke('ota.start', { user: 'site', devices: ['thermo'], image: 'not base64!' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect((await errorOf(fx.api.invoke('ota.jobs', { jobId: 'nope' }))).code).toBe('NOT_FOUND');
  });

  it("Thinger's VS Code extension over REST: options, begin, octet-stream chunks, end, reboot", async () => {
    const dev = await otaDevice({ blockSize: 4000 });
    const base = `${http.url}/v3/users/site/devices/${dev.name}/resources`;
    const auth = { authorization: `Bearer ${CONSOLE_TOKEN}` };
    const post = (r: string, body?: Buffer | object): Promise<Response> =>
      fetch(`${base}/${r}`, {
        method: 'POST',
        headers: {
          ...auth,
          ...(body === undefined
            ? {}
            : {
                'content-type': Buffer.isBuffer(body)
                  ? 'application/octet-stream'
                  : 'application/json',
              }),
        },
        ...(body === undefined
          ? {}
          : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      });
    const options = (await (await fetch(`${base}/$ota/options`, { headers: auth })).json()) as {
      enabled: boolean;
      block_size: number;
      checksum: string;
    };
    expect(options).toMatchObject({ enabled: true, block_size: 4000, checksum: 'md5' });
    const { createHash } = await import('node:crypto');
    const begin = await post('$ota/begin', {
      firmware: 'esp32dev',
      version: '',
      size: IMAGE.length,
      chunk_size: options.block_size,
      checksum: createHash('md5').update(IMAGE).digest('hex'),
    });
    expect(await begin.json()).toEqual({ success: true });
    for (let at = 0; at < IMAGE.length; at += options.block_size) {
      const w = await post('$ota/write', IMAGE.subarray(at, at + options.block_size));
      expect(await w.json()).toEqual({ success: true });
    }
    expect(await (await post('$ota/end')).json()).toEqual({ success: true });
    expect((await post('$ota/reboot')).status).toBe(200);
    expect(Buffer.from(dev.fw.installed!).equals(IMAGE)).toBe(true);
  });
});
