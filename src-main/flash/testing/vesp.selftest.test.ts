/**
 * The virtual ESP's own selftest (its protocol, flash model, boot path, NVS and apps against its
 * small client): if the emulator is broken here, the ESP flashing tests would blame our code.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { VESP } from './vesp';

// Its checks are timed (boot windows, UART pacing): a loaded CI host gets one more try.
test('virtual-esp selftest passes', { timeout: 180_000, retry: 1 }, async () => {
  const { stdout } = await promisify(execFile)('python3', [VESP, 'selftest'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout).toMatch(/\b0 failed\b/);
});
