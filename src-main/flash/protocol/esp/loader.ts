/**
 * One session with an ESP's ROM loader and the flasher stub, as a pure generator driven by
 * ProtocolMachine: SYNC, chip detection (magic word, else GET_SECURITY_INFO), MAC and crystal from
 * eFuses and the UART divider, stub upload (OHAI), CHANGE_BAUDRATE with a probe of the host port
 * first, flash id and size over the SPI registers, then what the plan asks: backup (read-flash),
 * erase, compressed writes, MD5 verify per region, read-flash. Chip and size checks run before
 * anything is written. This file is the session's order of steps; the bytes are in loaderLink,
 * the start-up commands in loaderConnect, the flash commands in loaderFlash.
 */
import { FlashError, FlashErrorCode, protocolError } from '../FlashError';
import { log, phase, receiveSome, type MachineEvent, type Program } from '../ProtocolMachine';
import { ESP_CHIPS, crystalMhz, flashSizeFromId, macText, type EspChipDef } from './chips';
import * as L from './limits';
import { changeBaud, detectChip, readFlashId, sync, uploadStub } from './loaderConnect';
import { eraseFlash, readFlash, readRange, writeRegions } from './loaderFlash';
import { LoaderLink } from './loaderLink';
import type { EspChipFacts, EspSessionPlan, EspSessionResult, EspWriteResult } from './loaderTypes';
import { Op, encodeRequest, u32le } from './packets';
import { checkPlanForBoard } from './plan';
import { slipEncode } from './slip';

export type * from './loaderTypes';

const mb = (bytes: number) => bytes / 1048576;

export function* espSession(plan: EspSessionPlan): Program<EspSessionResult> {
  const link = new LoaderLink();
  const { chip, mac, xtal } = yield* identify(link, plan);

  const stub = plan.stubFor(chip.key);
  if (stub) {
    yield* uploadStub(link, stub);
    yield log('flasher stub running');
  } else if (plan.write || plan.read || plan.erase || plan.backup) {
    throw protocolError(`no flasher stub for ${chip.name}`);
  }
  if (link.stub) yield* changeBaud(link, plan.baudRates);

  const facts = yield* readFlashFacts(link, chip, mac, xtal);
  yield { type: 'identified', facts } satisfies MachineEvent;
  checkFits(plan, facts);
  const { flashSize } = facts;

  if (plan.backup) {
    if (!flashSize) throw protocolError('flash size unknown: cannot back up the whole flash');
    const flash = yield* readFlash(link, plan.md5, 0, flashSize, 'backing-up');
    yield { type: 'backup', flash } satisfies MachineEvent;
  }
  if (plan.erase) yield* eraseFlash(link, plan.erase, flashSize);
  const written: EspWriteResult[] = plan.write ? yield* writeRegions(link, plan.write) : [];
  const read = plan.read ? yield* readRange(link, plan, plan.read, flashSize) : null;

  if (plan.runUserCode && link.stub) {
    // No answer: the stub returns to the ROM, which boots the application. Give it time to leave.
    yield* receiveSome(slipEncode(encodeRequest(Op.RUN_USER_CODE, new Uint8Array(0))), 50);
  }
  return { facts, stub: link.stub, baudRate: link.baud, written, read, erased: !!plan.erase };
}

/** SYNC and the ROM's facts (chip, MAC, crystal), refused here when the chip is not the one asked. */
function* identify(
  link: LoaderLink,
  plan: EspSessionPlan,
): Program<{ chip: EspChipDef; mac: string; xtal: number }> {
  yield phase('syncing');
  yield* sync(link);

  yield phase('checking');
  const chip = yield* detectChip(link);
  link.statusBytes = chip.romStatusBytes;
  if (!chip.supported) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      `this board is an ${chip.name}: this app does not flash it yet`,
      { detail: `detected ${chip.name}` },
    );
  }
  const macWords: number[] = [];
  for (const reg of chip.macRegs) macWords.push(yield* link.readReg(reg));
  const mac = macText(chip.mac(macWords));
  const clkdiv = yield* link.readReg(chip.uartClkdivReg);
  const xtal = crystalMhz(chip, clkdiv, L.ESP_ROM_BAUD);
  if (plan.expectChip && plan.expectChip !== chip.key) {
    throw new FlashError(
      FlashErrorCode.WRONG_CHIP,
      `this backup was taken from an ${ESP_CHIPS[plan.expectChip].name}, this board is an ${chip.name}: nothing was written`,
    );
  }
  if (plan.board && plan.board !== chip.key) {
    // Worded like the AVR sessions' WRONG_BOARD ("this is an X, not an Y"): the UI's fix reads it.
    throw new FlashError(
      FlashErrorCode.WRONG_BOARD,
      `this is an ${chip.name}, not an ${ESP_CHIPS[plan.board].name}: choose the right board and retry`,
      { detail: `ROM loader reported ${chip.name} (MAC ${mac})` },
    );
  }
  // The image's chip is known before the stub: refuse the wrong family as early as possible.
  if (plan.plan) checkPlanForBoard(plan.plan, chip.key, null);
  return { chip, mac, xtal };
}

/** SPI attach, the flash's JEDEC id and size (told to the loader), and the facts logged. */
function* readFlashFacts(
  link: LoaderLink,
  chip: EspChipDef,
  mac: string,
  xtal: number,
): Program<EspChipFacts> {
  if (chip.spiAttach) {
    yield* link.command(Op.SPI_ATTACH, link.stub ? u32le(0) : u32le(0, 0));
  }
  const jedec = yield* readFlashId(link, chip);
  const flashSize = jedec === null ? null : flashSizeFromId(jedec);
  if (flashSize !== null && chip.key !== 'esp8266') {
    yield* link.command(Op.SPI_SET_PARAMS, u32le(0, flashSize, 0x10000, 0x1000, 0x100, 0xffff));
  }
  const facts: EspChipFacts = {
    chip: chip.key,
    name: chip.name,
    mac,
    flashSize,
    flashId:
      jedec === null
        ? null
        : [0, 8, 16].map((s) => ((jedec >>> s) & 0xff).toString(16).padStart(2, '0')).join(''),
    crystalMhz: xtal,
  };
  yield log(
    `${chip.name}, MAC ${mac}, ${flashSize ? `${mb(flashSize)} MB flash` : 'flash size unknown'}, ${xtal} MHz crystal, ${link.baud} baud`,
  );
  return facts;
}

/** The images (or a restore's backup) against the flash just read, before anything changes. */
function checkFits(plan: EspSessionPlan, facts: EspChipFacts): void {
  const { flashSize } = facts;
  if (plan.plan) checkPlanForBoard(plan.plan, facts.chip, flashSize);
  const end = Math.max(0, ...(plan.write?.regions ?? []).map((r) => r.offset + r.size));
  if (flashSize !== null && end > flashSize) {
    // A restore has no image plan: its size is checked against the flash read just now.
    throw new FlashError(
      FlashErrorCode.IMAGE_TOO_LARGE,
      `${plan.expectChip ? 'this backup holds' : 'the images reach'} ${mb(end)} MB of flash, this board has ${mb(flashSize)} MB: nothing was written`,
      { detail: `flash id ${facts.flashId}` },
    );
  }
}
