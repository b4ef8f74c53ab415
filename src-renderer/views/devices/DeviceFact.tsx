/** One connection fact of the device header: a muted label over its value (or "—"). */
import { messages } from '../../messages';

export function DeviceFact({
  label,
  value,
  mono,
}: {
  label: string;
  value: string | undefined;
  mono?: boolean;
}) {
  return (
    <div className="device-fact">
      <dt className="muted">{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value ?? messages.devices.page.none}</dd>
    </div>
  );
}
