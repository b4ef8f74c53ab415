/**
 * Resetting an ESP board over the port's modem lines: into its download mode (the classic
 * two-transistor auto-reset circuit, or Espressif's USB-Serial/JTAG sequence, alternated between
 * attempts) and back into its application.
 */
import type { SerialLink } from '../../serial/SerialLink';
import type { EspTarget } from './espJobTypes';

/**
 * Reset timings of the classic auto-reset circuit (two transistors on DTR/RTS: RTS pulls EN low,
 * DTR pulls IO0 low): EN low 100 ms, then IO0 low while EN rises, held 50 ms so the ROM samples
 * the strapping pin.
 */
const ESP_RESET_LOW_MS = 100;
const ESP_BOOT_HOLD_MS = 50;
/** Espressif's USB-Serial/JTAG (ESP32-S3/C3/C6 native USB): its own reset sequence. */
const USB_JTAG_SERIAL = { vendorId: '303a', productId: '1001' };

type ResetKind = 'classic' | 'usb-jtag';

type Sleep = (ms: number) => Promise<void>;

function resetKind(target: EspTarget, attempt: number): ResetKind {
  const native =
    target.vendorId?.toLowerCase() === USB_JTAG_SERIAL.vendorId &&
    target.productId?.toLowerCase() === USB_JTAG_SERIAL.productId;
  // Alternate: a board that did not answer one sequence may need the other.
  return (attempt % 2 === 1) === native ? 'usb-jtag' : 'classic';
}

/**
 * Into the download mode, the sequence chosen by the port's USB ids and the attempt. Returns
 * false on a port without modem lines (a pty: the virtual board resets when the port opens),
 * where the open was the reset.
 */
export async function resetIntoLoader(
  link: SerialLink,
  target: EspTarget,
  attempt: number,
  sleep: Sleep,
  line: (text: string) => void,
): Promise<boolean> {
  const set = (dtr: boolean, rts: boolean) => link.setSignals({ dtr, rts });
  if (resetKind(target, attempt) === 'classic') {
    if (!(await set(false, true))) {
      line('no DTR/RTS on this port: relying on the reset at open');
      return false;
    }
    await sleep(ESP_RESET_LOW_MS);
    await set(true, false);
    await sleep(ESP_BOOT_HOLD_MS);
    await set(false, false);
    line('reset into download mode with DTR/RTS');
    return true;
  }
  if (!(await set(false, false))) return false;
  await sleep(ESP_RESET_LOW_MS);
  await set(true, false);
  await sleep(ESP_RESET_LOW_MS);
  await set(false, true);
  await sleep(ESP_RESET_LOW_MS);
  await set(false, false);
  line('reset into download mode (USB-Serial/JTAG sequence)');
  return true;
}

/** EN low then high: the chip boots what is in flash. */
export async function hardReset(link: SerialLink, sleep: Sleep): Promise<void> {
  await link.setSignals({ dtr: false, rts: true });
  await sleep(ESP_RESET_LOW_MS);
  await link.setSignals({ dtr: false, rts: false });
}
