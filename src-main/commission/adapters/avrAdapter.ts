/**
 * Arduino AVR boards (Uno, Nano, Mega 2560) in a commissioning run: identify from the port, flash
 * through the app's verified STK500 flasher (which reads the chip signature and refuses a board
 * that is not the plan's before writing a page), no network (join and device checks are skipped).
 */
import { basename } from 'node:path';
import {
  BOARDS,
  FlashErrorCode,
  isFlashError,
  parseFirmware,
  type BoardProfile,
} from '../../flash/protocol';
import type { Flasher as AvrFlasher } from '../../flash/jobs/Flasher';
import type { PortLeases } from '../../serial/SerialPortLease';
import type { SerialOpener } from '../../serial/SerialLink';
import { CommissionError } from '../CommissionError';
import type { Provisioner, TargetAdapter } from '../steps/adapters';
import { openSerialTail } from './serialTail';

function boardOf(id: string): BoardProfile {
  const b = (BOARDS as Record<string, BoardProfile>)[id];
  if (!b) throw new CommissionError('PLAN', `the plan's board ${id} is not one this app can flash`);
  return b;
}

export interface AvrAdapterDeps {
  flasher: AvrFlasher;
  leases: PortLeases;
  open: SerialOpener;
  /** Serial provisioning (provision/), when available. */
  serialProvisioner?: Provisioner;
}

export function avrAdapter(deps: AvrAdapterDeps): TargetAdapter {
  return {
    identifier: {
      identify: (port, plan) => {
        if (plan.target.kind !== 'avr') throw new Error('avrAdapter: not an AVR plan');
        const board = boardOf(plan.target.board);
        return Promise.resolve({
          port: port.path,
          vendorId: port.vendorId ?? null,
          productId: port.productId ?? null,
          usbSerial: port.serialNumber ?? null,
          chip: board.mcu,
          mac: null,
          // Read by the flash step: the bootloader answers it before anything is written.
          signature: null,
          board: board.id,
        });
      },
    },
    flasher: {
      write: async (port, facts, firmware, plan, ctx) => {
        if (plan.target.kind !== 'avr') throw new Error('avrAdapter: not an AVR plan');
        const board = boardOf(plan.target.board);
        const image = firmware.images[0]!;
        let fw;
        try {
          fw = parseFirmware(new TextDecoder().decode(image.bytes));
        } catch (e) {
          throw new CommissionError('FIRMWARE', `${image.name}: ${(e as Error).message}`);
        }
        const job = deps.flasher.flashOne(fw, {
          path: port.path,
          board,
          ...(facts.usbSerial ? { serialNumber: facts.usbSerial } : {}),
        });
        const onAbort = () => job.cancel();
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        const off = job.onProgress((p) =>
          ctx.progress(p.percent, `${p.phase} ${basename(image.name)}`),
        );
        const offLog = job.onLog((l) => ctx.log(l));
        try {
          const r = await job.result;
          if (!r.ok) {
            const code =
              r.error.code === FlashErrorCode.WRONG_BOARD ? 'WRONG_TARGET' : ('FLASH' as const);
            const where = r.error.phase ? ` (${r.error.phase})` : '';
            throw new CommissionError(code, `${r.error.message}${where}`, r.error.detail);
          }
          return {
            verified: r.verified,
            detail: `${r.verified ? 'verified' : 'written, not verified:'} ${r.dataBytes} bytes on ${board.name} (${r.bootloader})`,
            facts: { signature: r.signature },
          };
        } catch (e) {
          if (isFlashError(e)) throw new CommissionError('FLASH', e.message);
          throw e;
        } finally {
          off();
          offLog();
          ctx.signal.removeEventListener('abort', onAbort);
        }
      },
    },
    provisioners: deps.serialProvisioner ? { serial: deps.serialProvisioner } : {},
    hasNetwork: () => false,
    tail: (port, baudRate) => openSerialTail(deps.leases, deps.open, port.path, baudRate),
  };
}
