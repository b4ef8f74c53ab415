/**
 * The site's boards connected over USB now, offered for re-provisioning with the new server, and
 * the address the re-provisioned devices will dial (empty: the server's host, port 25204).
 */
import type { HandoverBoard } from '@contract/handoverCalls';
import { deviceKey } from '@contract/deviceKey';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import { defaultAddress } from './handoverInput';

const t = messages.handover;

export function HandoverUsbFields({
  boards,
  usb,
  onUsb,
  address,
  addressError,
  onAddress,
  target,
}: {
  boards: readonly HandoverBoard[];
  usb: boolean;
  onUsb(usb: boolean): void;
  address: string;
  addressError: string | null;
  onAddress(address: string): void;
  /** The new server's address as typed, for the default device address. */
  target: string;
}) {
  return (
    <fieldset className="handover-usb">
      <legend>{t.usbTitle}</legend>
      <label className="form-row inline">
        <input type="checkbox" checked={usb} onChange={(e) => onUsb(e.target.checked)} />
        <span>{t.usb(boards.length)}</span>
      </label>
      <ul className="small muted mono">
        {boards.map((b) => (
          <li key={deviceKey(b)}>
            {b.device} · {b.port}
          </li>
        ))}
      </ul>
      {usb && (
        <TextField
          label={t.deviceAddress}
          hint={t.deviceAddressHint}
          value={address}
          error={addressError}
          onValue={onAddress}
          placeholder={defaultAddress(target)}
          mono
        />
      )}
    </fieldset>
  );
}
