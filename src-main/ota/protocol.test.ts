import { describe, expect, it } from 'vitest';
import { beginInput, chunkSize, parseOtaOptions, refusal, replyProblem } from './protocol';

describe('OTA protocol (IOTMP.md §5.6 RUN of $ota/* resources, §7.1)', () => {
  it('reads options as the IOTMP-Arduino headers fill them, with defaults for what is missing', () => {
    expect(
      parseOtaOptions({
        enabled: true,
        block_size: 32768,
        timeout: 30000,
        version: '1.2',
        checksum: 'md5',
        compression: 'zlib',
        platform: 'espressif32',
      }),
    ).toEqual({
      enabled: true,
      blockSize: 32768,
      version: '1.2',
      checksum: 'md5',
      compression: 'zlib',
      platform: 'espressif32',
      maxSize: null,
    });
    expect(parseOtaOptions({})).toMatchObject({ enabled: true, blockSize: 8192, checksum: null });
    expect(parseOtaOptions({ compression: 'lzss', free_space: 1000 })).toMatchObject({
      compression: null,
      maxSize: 1000,
    });
    expect(parseOtaOptions('yes')).toEqual({
      error: 'the device answered $ota/options without a map',
    });
  });

  it('cuts chunks to what one frame to the device may carry', () => {
    const o = parseOtaOptions({ block_size: 32768 }) as Exclude<
      ReturnType<typeof parseOtaOptions>,
      { error: string }
    >;
    expect(chunkSize(o, 4096)).toBe(4096 - 64);
    expect(chunkSize(o, 65536)).toBe(32768);
    expect(chunkSize({ ...o, blockSize: 10 }, 4096)).toBe(256);
  });

  it('refuses a disabled device and an image larger than it accepts', () => {
    const o = parseOtaOptions({ max_size: 2048 }) as Exclude<
      ReturnType<typeof parseOtaOptions>,
      { error: string }
    >;
    expect(refusal(o, 2048)).toBeNull();
    expect(refusal(o, 4096)).toBe(
      'the image (4.0 KiB) is larger than the 2.0 KiB the device accepts',
    );
    expect(refusal({ ...o, enabled: false }, 1)).toBe('OTA is disabled on the device');
  });

  it('begin carries Thinger field names; compression fields only when compressed', () => {
    expect(
      beginInput({ firmware: 'f', version: 'v', size: 10, chunkSize: 4, checksum: 'c' }),
    ).toEqual({
      firmware: 'f',
      version: 'v',
      size: 10,
      chunk_size: 4,
      checksum: 'c',
    });
    expect(
      beginInput({
        firmware: 'f',
        version: 'v',
        size: 10,
        chunkSize: 4,
        compressed: { scheme: 'zlib', size: 7, checksum: 'cc' },
      }),
    ).toMatchObject({ compression: 'zlib', compressed_size: 7, compressed_checksum: 'cc' });
  });

  it('answers: success true is fine; success false or a device ERROR says why, in its words', () => {
    expect(replyProblem('write', { ok: true, payload: { success: true } })).toBeNull();
    expect(
      replyProblem('end', { ok: true, payload: { success: false, error: 'Invalid MD5 checksum' } }),
    ).toBe(
      'the device refused the image at the end (bad image or checksum?): Invalid MD5 checksum',
    );
    expect(replyProblem('begin', { ok: true, payload: { success: false } })).toBe(
      'the device could not begin the update',
    );
    expect(replyProblem('write', { ok: false, payload: { error: 'busy' } })).toBe(
      'the device could not write a part of the image: busy',
    );
    expect(replyProblem('write', { ok: true })).toBe(
      'the device could not write a part of the image',
    );
  });
});
