/**
 * Links into the views (UI.md §2 routes) that more than one view builds: a device's page, its
 * frames in the inspector, the admin view with a dialog to open.
 */
import { href } from './router';

export interface DeviceRef {
  user: string;
  device: string;
}

export const devicePageHref = (d: DeviceRef, tab?: 'charts' | 'data'): string =>
  tab ? href('devices', d.user, d.device, tab) : href('devices', d.user, d.device);

const deviceQuery = (d: DeviceRef): string =>
  `device=${encodeURIComponent(d.user)}/${encodeURIComponent(d.device)}`;

/** `#/inspector?device=site/thermo`: the inspector reads `device` from its query. */
export const framesHref = (d: DeviceRef): string => `${href('inspector')}?${deviceQuery(d)}`;

/** The admin view (someone else's) with the device preselected and the dialog to open. */
export const adminHref = (d: DeviceRef, action: 'reset' | 'delete'): string =>
  `${href('admin')}?${deviceQuery(d)}&action=${action}`;
