/**
 * Resetting an AVR board into its bootloader before the STK500 session: a DTR/RTS pulse on a real
 * port; a pty has no modem lines (the virtual board resets when the port opens), so there the
 * pulse is skipped and Optiboot boards get a short settle instead.
 */
import type { BoardProfile } from '../protocol';
import type { SerialLink } from '../../serial/SerialLink';

/**
 * Reset pulse on real ports (DTR/RTS low, then high), as avrdude's arduino programmer does: the
 * 100 nF reset capacitor needs the edge, and Optiboot needs ~50 ms after it before the first byte.
 */
const RESET_LOW_MS = 250;
const RESET_SETTLE_MS = 50;
/**
 * Without modem lines (a pty: the virtual board resets when the port opens), wait this long after
 * the open before the first STK500v1 byte. A byte that reaches the chip before the bootloader has
 * enabled its UART is lost, and Optiboot then reads the next byte as a command and leaves for the
 * application. The emulator notices the open within a few ms, later on a loaded host; real boards
 * get RESET_LOW_MS + RESET_SETTLE_MS instead. Free for Optiboot, which listens only after 375 ms.
 * stk500boot_v2 skips bytes until a message start, so a lost byte only costs a SIGN_ON retry and
 * the Mega gets no wait.
 */
const NO_DTR_SETTLE_MS = 150;
export async function resetIntoBootloader(
  link: SerialLink,
  protocol: BoardProfile['protocol'],
  sleep: (ms: number) => Promise<void>,
  log: (line: string) => void,
): Promise<void> {
  if (await link.setSignals({ dtr: false, rts: false })) {
    await sleep(RESET_LOW_MS);
    await link.setSignals({ dtr: true, rts: true });
    await sleep(RESET_SETTLE_MS);
    log('reset with DTR/RTS');
  } else {
    if (protocol === 'stk500v1') await sleep(NO_DTR_SETTLE_MS);
    log('no DTR/RTS on this port: relying on the reset at open');
  }
}
