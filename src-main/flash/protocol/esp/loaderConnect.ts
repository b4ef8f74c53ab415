/**
 * Getting an ESP loader session going: SYNC with the ROM, chip detection (magic word, else
 * GET_SECURITY_INFO), the flasher stub's upload (OHAI), CHANGE_BAUDRATE with a probe of the host
 * port first, and the flash's JEDEC id over the SPI registers. Pure generators over LoaderLink.
 */
import { FlashError, FlashErrorCode, protocolError } from '../FlashError';
import { drain, log, setHostBaud, type Program } from '../ProtocolMachine';
import {
  CHIP_MAGIC_REG,
  ESP_CHIPS,
  chipFromImageId,
  chipFromMagic,
  type EspChipDef,
} from './chips';
import * as L from './limits';
import { hex, type LoaderLink } from './loaderLink';
import type { EspStub } from './loaderTypes';
import {
  Op,
  SYNC_PAYLOAD,
  encodeDataRequest,
  encodeRequest,
  parseResponse,
  u32le,
} from './packets';
import { slipEncode } from './slip';

/** The technician's hint when nothing answers: the ROM loader needs BOOT held during a reset. */
const ENTER_LOADER_HINT =
  'board did not enter its download mode: hold BOOT (IO0), press and release RESET (EN), release BOOT, then try again';

export function* sync(link: LoaderLink): Program<void> {
  const packet = slipEncode(encodeRequest(Op.SYNC, SYNC_PAYLOAD));
  for (let attempt = 1; attempt <= L.ESP_SYNC_ATTEMPTS; attempt++) {
    link.clearFrames();
    let write: Uint8Array | undefined = packet;
    for (;;) {
      const frame = yield* link.frame(L.ESP_SYNC_TIMEOUT_MS, write);
      write = undefined;
      if (!frame) break;
      const r = parseResponse(frame, 2, false);
      if (r && r.op === Op.SYNC) {
        // The ROM answers 8 times: let the rest go by.
        yield* drain(L.ESP_SYNC_DRAIN_MS);
        yield log(`in sync after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
        return;
      }
    }
  }
  throw new FlashError(FlashErrorCode.NO_BOOTLOADER, ENTER_LOADER_HINT, {
    detail: `no answer to ${L.ESP_SYNC_ATTEMPTS} SYNC attempts`,
  });
}

export function* detectChip(link: LoaderLink): Program<EspChipDef> {
  const magic = yield* link.readReg(CHIP_MAGIC_REG);
  let key = chipFromMagic(magic);
  if (!key) {
    // Newer chips have no distinctive magic word; their ROM reports a chip id instead.
    const r = yield* link.tryCommand(Op.GET_SECURITY_INFO, new Uint8Array(0));
    if (r && !r.failed && r.data.length >= 16) {
      const id = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength).getUint32(
        12,
        true,
      );
      key = chipFromImageId(id)?.key ?? null;
    }
    yield* drain(L.ESP_SYNC_DRAIN_MS);
  }
  if (!key) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      'this is not a chip this app knows: check the board',
      {
        detail: `magic word ${hex(magic)}`,
      },
    );
  }
  return ESP_CHIPS[key];
}

export function* uploadStub(link: LoaderLink, stub: EspStub): Program<void> {
  for (const [data, start] of [
    [stub.text, stub.textStart],
    [stub.data, stub.dataStart],
  ] as const) {
    const blocks = Math.ceil(data.length / L.ESP_RAM_BLOCK);
    yield* link.command(Op.MEM_BEGIN, u32le(data.length, blocks, L.ESP_RAM_BLOCK, start));
    for (let seq = 0; seq < blocks; seq++) {
      const block = data.subarray(seq * L.ESP_RAM_BLOCK, (seq + 1) * L.ESP_RAM_BLOCK);
      const req = encodeDataRequest(Op.MEM_DATA, seq, block);
      yield* link.block(Op.MEM_DATA, req, L.ESP_COMMAND_TIMEOUT_MS);
    }
  }
  yield* link.command(Op.MEM_END, u32le(0, stub.entry));
  for (;;) {
    const frame = yield* link.frame(L.ESP_OHAI_TIMEOUT_MS);
    if (!frame) throw protocolError('the flasher stub did not start (no OHAI)');
    if (frame.length === 4 && String.fromCharCode(...frame) === 'OHAI') break;
  }
  link.stub = true;
  link.statusBytes = 2;
}

export function* changeBaud(link: LoaderLink, rates: readonly number[]): Program<void> {
  for (const rate of rates) {
    if (rate <= link.baud) continue;
    if (!(yield* setHostBaud(rate, true))) {
      yield log(`this port does not take ${rate} baud; trying a lower rate`);
      continue;
    }
    yield* link.command(Op.CHANGE_BAUDRATE, u32le(rate, link.baud));
    if (!(yield* setHostBaud(rate))) {
      throw new FlashError(
        FlashErrorCode.BAUD_FAILED,
        `the port refused ${rate} baud after the board switched`,
        {
          detail: `baud ${rate}`,
        },
      );
    }
    yield* drain(L.ESP_BAUD_SETTLE_MS);
    const r = yield* link.tryCommand(Op.READ_REG, u32le(CHIP_MAGIC_REG), 500);
    if (!r) {
      throw new FlashError(
        FlashErrorCode.BAUD_FAILED,
        `the board stopped answering at ${rate} baud: the USB-serial bridge cannot keep up; a lower rate is tried next`,
        { detail: `baud ${rate}` },
      );
    }
    link.baud = rate;
    return;
  }
}

/** RDID (0x9F) through the SPI user-command registers; the JEDEC id as 0xCCTTMM, or null. */
export function* readFlashId(link: LoaderLink, chip: EspChipDef): Program<number | null> {
  const spi = chip.spi;
  if (!spi) return null;
  const SPI_USR_COMMAND = 1 << 31;
  const SPI_USR_MISO = 1 << 28;
  const SPI_CMD_USR = 1 << 18;
  const bits = 24;
  yield* link.writeReg(spi.base + spi.usr, SPI_USR_COMMAND | SPI_USR_MISO);
  if (spi.misoDlen !== null) yield* link.writeReg(spi.base + spi.misoDlen, bits - 1);
  else yield* link.writeReg(spi.base + spi.usr1, (bits - 1) << 8);
  yield* link.writeReg(spi.base + spi.usr2, (7 << 28) | 0x9f);
  yield* link.writeReg(spi.base + spi.w0, 0);
  yield* link.writeReg(spi.base, SPI_CMD_USR);
  for (let i = 0; i < 10; i++) {
    if (((yield* link.readReg(spi.base)) & SPI_CMD_USR) === 0) break;
  }
  const id = (yield* link.readReg(spi.base + spi.w0)) & 0xffffff;
  return id === 0 || id === 0xffffff ? null : id;
}
