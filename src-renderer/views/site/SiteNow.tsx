/**
 * The Site view's "Now" cell: whether the device is online now, kept live by the devices slice
 * (presence events, followed app-wide by DeviceJumps), so a device that connects or drops changes
 * here without a reload. The site listing's own answer stands in until the slice knows the device.
 * With the link to main lost, nothing live can be vouched for: "unknown", with what was last known.
 * (No "quiet" here: the slice's last-seen times are only refreshed while the device tree polls.)
 */
import type { SiteDevice } from '@contract/commissionSchemas';
import { StatusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { deviceKey, useContact, useDevices } from '../../state/devices';

export function SiteNow({ device }: { device: SiteDevice }) {
  const key = deviceKey(device.user, device.device);
  const live = useDevices((s) => s.devices[key]?.status.online);
  const contact = useContact();
  const online = live ?? device.online;
  const known = online ? 'online' : 'offline';
  return (
    <span
      data-testid={`site-now-${device.device}`}
      data-state={contact ? known : 'unknown'}
      title={contact ? undefined : messages.devices.tree.unknown(messages.common.status[known])}
    >
      <StatusGlyph status={contact ? known : 'unknown'} />
    </span>
  );
}
