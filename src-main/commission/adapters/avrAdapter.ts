/**
 * Arduino AVR boards (Uno, Nano, Mega 2560) in a commissioning run: identify from the port, flash
 * through the app's verified STK500 flasher (which reads the chip signature and refuses a board
 * that is not the plan's before writing a page), no network (join and device checks are skipped).
 */
import { basename } from 'node:path';
import { first } from '../../contract/present';
import { FlashErrorCode, isFlashError, parseFirmware } from '../../flash/protocol';
import type { Flasher as AvrFlasher } from '../../flash/jobs/Flasher';
import type { PortLeases } from '../../serial/SerialPortLease';
import type { SerialOpener } from '../../serial/SerialLink';
import { CommissionError } from '../CommissionError';
import { boardOf } from '../firmware';
import { isProvisionError, provisionSerial } from '../../provision';
import {
  identityFields,
  ProvisionFailure,
  type Provisioner,
  type TargetAdapter,
} from '../steps/adapters';
import { openSerialTail } from './serialTail';

export interface AvrAdapterDeps {
  flasher: AvrFlasher;
  leases: PortLeases;
  open: SerialOpener;
  /** Replaces the serial line protocol of provision/ (docs/serial-provisioning.md). */
  serialProvisioner?: Provisioner;
}

/**
 * Errors of the line protocol that leave the board as it was: nothing stored yet, or the board
 * refused the value. Any other failure may come after a SET was stored.
 */
const NOTHING_WRITTEN = new Set(['IDENTITY_INVALID', 'NO_ANSWER', 'PORT_ERROR', 'REJECTED']);

/** The identity over the serial provisioning protocol, read back (secrets compared on the board). */
function serialLineProvisioner(leases: PortLeases, open: SerialOpener): Provisioner {
  return {
    provision: async (port, _facts, s, ctx) => {
      try {
        const r = await provisionSerial(port.path, identityFields(s), {
          leases,
          open,
          signal: ctx.signal,
          onLog: (l) => ctx.log(l),
        });
        const readBack: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.stored)) if (v !== undefined) readBack[k] = v;
        for (const k of r.secretsVerified) readBack[k] = '******** (matches)';
        return {
          readBack,
          detail: `stored and read back by ${r.firmware.name} ${r.firmware.version} (${r.firmware.mcu})`,
        };
      } catch (e) {
        if (isProvisionError(e))
          throw new ProvisionFailure(e.message, !NOTHING_WRITTEN.has(e.code));
        throw e;
      }
    },
  };
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
        const image = first(firmware.images, 'firmware image');
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
              r.error.code === FlashErrorCode.WRONG_BOARD ||
              r.error.code === FlashErrorCode.WRONG_CHIP
                ? 'WRONG_TARGET'
                : ('FLASH' as const);
            throw new CommissionError(code, r.error.message, r.error.detail);
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
    provisioners: {
      serial: deps.serialProvisioner ?? serialLineProvisioner(deps.leases, deps.open),
    },
    hasNetwork: () => false,
    tail: (port, baudRate) => openSerialTail(deps.leases, deps.open, port.path, baudRate),
  };
}
