/** HTTP devices' callbacks (v3): configure, and the data they post. */
import type { RestRoute } from '../routes';
import { DEVICE3, obj, on } from './shared';

export const callbackRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: `${DEVICE3}/callback`,
    summary: "An HTTP device's callback {actions: {write_bucket, set_property}}",
    call: 'callbacks.get',
    operation: 'ReadDeviceCallbackConfig',
    scope: on('Device', 'device', 'ReadDeviceCallbackConfig'),
    input: (p) => ({ user: p.user, device: p.device }),
  },
  {
    method: 'PUT',
    path: `${DEVICE3}/callback`,
    summary: "Configure an HTTP device's callback",
    call: 'callbacks.set',
    operation: 'UpdateDeviceCallback',
    scope: on('Device', 'device', 'UpdateDeviceCallback'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, actions: obj(obj(b).actions) }),
  },
  {
    method: 'POST',
    path: `${DEVICE3}/callback/data`,
    summary: 'Data from an HTTP device: its callback actions run as that device',
    call: 'callbacks.call',
    operation: 'CallDeviceCallback',
    scope: on('Device', 'device', 'CallDeviceCallback'),
    input: (p, _q, b) => ({ user: p.user, device: p.device, data: b ?? null }),
  },
];
