/**
 * Serial provisioning for real on the virtual Uno and Mega 2560 (simavr with Optiboot/stk500v2):
 * the test firmware (built here with avr-gcc from the same C the Arduino example uses) is flashed
 * by the app's own flasher, the identity is provisioned and read back over serial, and it survives
 * a reset (EEPROM).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BOARDS, loadFirmwareFile } from '../../flash';
import { Flasher } from '../../flash/jobs/Flasher';
import {
  firmwarePath,
  startBoard,
  stopBoards,
  trackingOpener,
  VBOARD,
  vboardMissing,
  type BoardKind,
  type VirtualBoard,
} from '../../flash/testing/vboard';
import { PortLeases } from '../../serial/SerialPortLease';
import { SerialMonitor } from '../../serial/SerialMonitor';
import type { DeviceIdentity } from '../protocol';
import { buildProvisioningFirmware } from '../testing/firmware/build';
import { provisionSerial, readSerialIdentity } from './serialProvisioning';

const run = promisify(execFile);

const identity: DeviceIdentity = {
  host: '127.0.0.1',
  port: 25204,
  user: 'plant',
  device: 'pump-7',
  credential: 'Kq8#vT2!pZ9@xL4%mW7*',
};

describe.skipIf(vboardMissing())(
  'serial provisioning on the virtual AVR boards',
  { timeout: 60_000 },
  () => {
    const boards: VirtualBoard[] = [];
    const leases = new PortLeases();
    const opener = trackingOpener();
    const flasher = new Flasher({ leases, open: opener.open });
    const deps = { leases, open: opener.open };

    const flashed = async (kind: BoardKind): Promise<VirtualBoard> => {
      const board = await startBoard(kind, { spmUs: 0 });
      boards.push(board);
      const firmware = await loadFirmwareFile(await buildProvisioningFirmware(kind));
      const r = await flasher.flashOne(firmware, { path: board.port, board: BOARDS[kind] }).result;
      expect(r.ok).toBe(true);
      return board;
    };

    let uno: VirtualBoard;
    let mega: VirtualBoard;
    beforeAll(async () => {
      [uno, mega] = await Promise.all([flashed('uno'), flashed('mega2560')]);
    }, 90_000);

    afterAll(async () => {
      await stopBoards(...boards);
      expect(leases.size).toBe(0);
      expect(opener.live()).toBe(0);
    });

    test('a blank Uno: the identity is stored, read back and the credential checked, never echoed', async () => {
      const log: string[] = [];
      const r = await provisionSerial(uno.port, identity, { ...deps, onLog: (l) => log.push(l) });
      expect(r.firmware).toMatchObject({
        proto: 1,
        name: 'iotmp-prov-test',
        mcu: 'atmega328p',
        state: 'blank',
      });
      expect(r.stored).toEqual({
        host: '127.0.0.1',
        port: '25204',
        user: 'plant',
        device: 'pump-7',
      });
      expect(r.secretsVerified).toEqual(['credential']);
      expect(log.join('\n')).not.toContain(identity.credential);
      expect(log).toContain('→ SET credential ********');
      expect(log.at(-1)).toBe('stored and read back: host, port, user, device, credential');
    });

    test('after a reset the Uno still holds it (EEPROM) and says so in its banner', async () => {
      await run('bash', [VBOARD, 'reset', uno.dir]);
      const monitor = new SerialMonitor({ leases, open: opener.open });
      const session = await monitor.open(uno.port, { baudRate: 115200 });
      expect((await session.waitForLine(/^provisioning: /, 8000)).text).toBe(
        'provisioning: stored device=pump-7 host=127.0.0.1:25204',
      );
      await session.close();
      const back = await readSerialIdentity(uno.port, deps);
      expect(back.firmware.state).toBe('provisioned');
      expect(back.stored).toEqual({
        host: '127.0.0.1',
        port: '25204',
        user: 'plant',
        device: 'pump-7',
      });
    });

    test('a Mega 2560 with Wi-Fi keys: every field stored, both secrets checked', async () => {
      const wifi = { ...identity, device: 'mega-1', ssid: 'Roof Lab', psk: 'p@ss w*rd #1' };
      const r = await provisionSerial(mega.port, wifi, deps);
      expect(r.firmware.mcu).toBe('atmega2560');
      expect(r.stored).toMatchObject({ device: 'mega-1', ssid: 'Roof Lab' });
      expect(r.secretsVerified).toEqual(['credential', 'psk']);
    });

    test('provisioning again replaces the identity', async () => {
      const r = await provisionSerial(
        uno.port,
        { ...identity, device: 'pump-8', port: 25206 },
        deps,
      );
      expect(r.firmware.state).toBe('provisioned');
      expect(r.stored).toMatchObject({ device: 'pump-8', port: '25206' });
    });

    test('the board unplugged mid-provisioning: a clear error, the port given back', async () => {
      const doomed = await flashed('uno');
      // The simulator is killed before the request goes out (log events precede writes), so the
      // board is gone mid-run however loaded the host is.
      const e = await provisionSerial(doomed.port, identity, {
        ...deps,
        onLog: (l) => {
          if (l.startsWith('→ SET user')) process.kill(doomed.pid, 'SIGKILL');
        },
      }).catch((x: unknown) => x);
      expect(e).toMatchObject({
        code: 'PORT_ERROR',
        message:
          'the port closed during provisioning: plug the board back in and provision it again',
      });
      expect(leases.size).toBe(0);
    });

    test('a board without provisioning firmware: "did not answer" within the bound', async () => {
      const hello = await startBoard('uno', { spmUs: 0, app: firmwarePath('uno', 'hello') });
      boards.push(hello);
      const t0 = performance.now();
      const e = await provisionSerial(hello.port, identity, deps).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'NO_ANSWER' });
      expect((e as Error).message).toMatch(/^the board did not answer within 8 s/);
      expect(performance.now() - t0).toBeLessThan(15_000);
    });
  },
);
