/**
 * Commissioning AVR boards end to end on the virtual Uno and Mega (real Optiboot / stk500v2 on
 * ptys): plan → identify → verified flash → record → certificate PDF read back with pdftotext;
 * and a plan for the Uno refused on a Mega before a single page is written.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Studio } from '../app/Studio';
import type { CommissionPlanInput } from '../contract/commissionSchemas';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  vboardMissing,
  type VirtualBoard,
} from '../flash/testing/vboard';
import { buildProvisioningFirmware } from '../provision/testing/firmware/build';
import { certificatePdf } from './certificate/certificates';
import { TCP_ONLY_LISTENERS } from '../transports/testing/brokerFixture';

const pdfText = (bytes: Uint8Array, dir: string): string => {
  const file = join(dir, `cert-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe.skipIf(vboardMissing())(
  'commissioning AVR boards (virtual Uno and Mega)',
  { timeout: 90_000 },
  () => {
    let uno: VirtualBoard;
    let mega: VirtualBoard;
    let dir: string;
    let studio: Studio;
    const plan = (over: Partial<CommissionPlanInput> = {}): CommissionPlanInput => ({
      name: 'Pump controller',
      target: { kind: 'avr', board: 'uno' },
      firmware: [{ file: firmwarePath('uno', 'hello') }],
      identity: { pattern: 'pump-{n}' },
      provisioning: 'none',
      ...over,
    });

    beforeAll(async () => {
      [uno, mega] = await Promise.all([
        startBoard('uno', { spmUs: 0 }),
        startBoard('mega2560', { spmUs: 0, app: firmwarePath('mega2560', 'hello-v2') }),
      ]);
      dir = mkdtempSync(join(tmpdir(), 'iotmp-commission-avr-'));
      studio = await Studio.start({
        dataDir: dir,
        listeners: TCP_ONLY_LISTENERS,
        scryptCost: { logN: 10, r: 8, p: 1 },
      });
    });

    afterAll(async () => {
      await studio?.stop();
      await stopBoards(uno, mega);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a blank Uno: flashed and verified, join skipped (no network), a record and a certificate', async () => {
      const saved = studio.commission.savePlan(plan());
      const run = await studio.commission.start({
        plan: saved.plan,
        planId: saved.id,
        ports: [{ path: uno.port }],
        site: 'Roof A',
        technician: 'Ana',
      });
      const [record] = await run.done;
      expect(record!.error).toBeNull();
      expect(record!.status).toBe('pass');
      expect(record!.identity).toEqual({ user: 'studio', device: 'pump-1' });
      expect(record!.steps.map((s) => [s.step, s.status])).toEqual([
        ['identify', 'passed'],
        ['flash', 'passed'],
        ['provision', 'skipped'],
        ['join', 'skipped'],
        ['check', 'skipped'],
        ['record', 'passed'],
      ]);
      expect(record!.steps.find((s) => s.step === 'join')!.detail).toMatch(/no network/);
      const sha = createHash('sha256')
        .update(readFileSync(firmwarePath('uno', 'hello')))
        .digest('hex');
      expect(record!.firmware).toEqual({
        images: [{ name: 'hello.hex', offset: null, sizeBytes: expect.any(Number), sha256: sha }],
        verified: true,
      });
      expect(record!.board.signature).toBe('1e950f');
      expect(record!.broker.tlsFingerprint).toBe(studio.broker.tls.fingerprint);
      // Stored, grouped by site.
      expect(studio.commission.store.latestPerDevice('Roof A').map((r) => r.id)).toEqual([
        record!.id,
      ]);
      expect(studio.commission.store.sites()).toEqual([
        { site: 'Roof A', devices: 1, passed: 1, failed: 0, lastAt: record!.endedAt },
      ]);

      const text = pdfText(await certificatePdf(record!), dir);
      expect(text).toContain('PASS');
      expect(text).toContain('pump-1');
      expect(text).toContain(sha);
      expect(JSON.stringify(record)).not.toMatch(/credential"\s*:/);
    });

    it('a blank Uno: the provisioning test firmware, the identity over serial, read back, recorded', async () => {
      const fw = await buildProvisioningFirmware('uno');
      const run = await studio.commission.start({
        plan: plan({
          firmware: [{ file: fw }],
          provisioning: 'serial',
          identity: { pattern: 'meter-{n:3}' },
        }),
        ports: [{ path: uno.port }],
        site: 'Roof A',
        technician: 'Ana',
      });
      const [record] = await run.done;
      expect(record!.error).toBeNull();
      expect(record!.status).toBe('pass');
      expect(record!.identity).toEqual({ user: 'studio', device: 'meter-001' });
      expect(record!.provisioning.readBack).toMatchObject({
        user: 'studio',
        device: 'meter-001',
        credential: '******** (matches)',
      });
      expect(record!.registryState).toBe(
        'studio/meter-001 registered; the board holds its credential (read back)',
      );
      expect(studio.broker.devices.get('studio', 'meter-001')).toBeDefined();
    });

    it('a board unplugged mid-flash fails with its step named; the other board of the batch goes on', async () => {
      const [a, b] = await Promise.all([
        startBoard('uno', { spmUs: 0 }),
        startBoard('uno', { spmUs: 0 }),
      ]);
      try {
        const run = await studio.commission.start({
          plan: plan({
            firmware: [{ file: firmwarePath('uno', 'big') }],
            identity: { pattern: 'big-{n}' },
          }),
          ports: [{ path: a!.port }, { path: b!.port }],
          site: 'Roof B',
          technician: 'Ana',
        });
        // Pull the second board's cable once its flash is under way.
        await expect
          .poll(() => run.info().boards[1]!.steps.find((s) => s.step === 'flash')!.percent ?? 0, {
            timeout: 20_000,
            interval: 50,
          })
          .toBeGreaterThan(5);
        await stopBoards(b);
        const [ra, rb] = await run.done;
        expect(ra!.status, ra!.error ?? '').toBe('pass');
        expect(rb!.status).toBe('fail');
        expect(rb!.stoppedAt).toBe('flash');
        expect(rb!.error).toMatch(/port|disappeared|answer/i);
        expect(rb!.steps.find((s) => s.step === 'provision')!.detail).toBe(
          'not reached (flash failed)',
        );
        // Re-read from SQLite: the record says where it stopped.
        expect(studio.commission.store.record(rb!.id)).toMatchObject({
          status: 'fail',
          stoppedAt: 'flash',
        });
      } finally {
        await stopBoards(a, b);
      }
    });

    it('a plan whose Mega firmware is meant for an Uno is refused before any board is touched', async () => {
      await expect(
        studio.commission.start({
          plan: plan({ target: { kind: 'avr', board: 'mega2560' } }),
          ports: [{ path: mega.port }],
          site: 'Roof A',
          technician: 'Ana',
        }),
      ).rejects.toThrow(/hello\.hex was built for ATmega328P.*this board is a Mega 2560/);
    });

    it('a plan for the Uno on a Mega is refused before any write; the Mega keeps its firmware', async () => {
      const run = await studio.commission.start({
        plan: studio.commission.savePlan(plan()).plan,
        ports: [{ path: mega.port }],
        site: 'Roof A',
        technician: 'Ana',
      });
      const [record] = await run.done;
      expect(record!.status).toBe('fail');
      expect(record!.stoppedAt).toBe('flash');
      expect(record!.error).toMatch(/ATmega2560/);
      expect(record!.firmware.verified).toBeNull();
      // Nothing was written: the Mega still runs hello-v2.
      const banner = execFileSync(
        'bash',
        [
          join(import.meta.dirname, '../../../shared/tools/virtual-board/vboard'),
          'expect',
          mega.dir,
          'fw=hello version=2',
          '--timeout',
          '15',
        ],
        { encoding: 'utf8' },
      );
      expect(banner).toMatch(/version=2\.0\.0/);
    });
  },
);
