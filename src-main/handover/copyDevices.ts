/**
 * The second hand-over step, per device: created on the new server with its credential (the
 * captured one, or a new one issued for the cutover) and its properties, then given the new
 * server when a way to do that was provided (the board over USB, a technician).
 */
import { deviceKey } from '../contract/deviceKey';
import { psonToJson, type Json } from '../protocol';
import type { DeviceRecord } from '../store/DeviceStore';
import { generateCredential } from '../store/credentials';
import {
  errorText,
  type HandoverDevice,
  type HandoverRun,
  type HandoverSite,
} from './handoverTypes';

export async function copyDevices(run: HandoverRun, site: HandoverSite): Promise<void> {
  for (const d of site.devices) {
    if (run.stopped()) break;
    const captured = run.o.credentials?.[deviceKey(d)];
    const credential = captured ?? generateCredential();
    const row: HandoverDevice = {
      user: d.user,
      device: d.device,
      credential: captured ? 'captured' : 'reissued',
      created: 'failed',
      properties: 0,
      reprovisioning: null,
      reconnectedAt: null,
      error: null,
      ...(captured ? {} : { newCredential: credential }),
    };
    run.report.devices.push(row);
    run.progress('copying');
    if (!(await createDevice(run, site, d, row, credential))) {
      run.progress('copying');
      continue;
    }
    if (run.o.reprovision && !run.stopped()) await reprovision(run, row, credential, !captured);
    run.progress('copying');
  }
}

/** The device and its properties on the new server; false (the row says why) when it failed. */
async function createDevice(
  run: HandoverRun,
  site: HandoverSite,
  d: DeviceRecord,
  row: HandoverDevice,
  credential: string,
): Promise<boolean> {
  const { client, o } = run;
  const key = deviceKey(d);
  try {
    row.created = await client.createDevice(d.user, {
      device: d.device,
      name: d.name,
      description: d.description,
      type: d.type,
      credentials: credential,
    });
    if (row.created === 'exists') await client.setDeviceCredential(d.user, d.device, credential);
    const props = site.properties
      .list(d.user, d.device)
      .map((p) => ({ property: p.property, value: psonToJson(p.value) as Json }));
    await client.setProperties(d.user, d.device, props);
    row.properties = props.length;
    run.log(
      `${key}: ${row.created} on ${o.target} (${props.length} properties, ${row.credential} credential)`,
    );
    return true;
  } catch (e) {
    row.error = errorText(e);
    run.log(`${key}: failed: ${row.error}`);
    return false;
  }
}

/** Gives the device the new server through `o.reprovision`; its outcome goes in the row. */
async function reprovision(
  run: HandoverRun,
  row: HandoverDevice,
  credential: string,
  reissued: boolean,
): Promise<void> {
  const give = run.o.reprovision;
  if (!give) return;
  const key = deviceKey(row);
  row.reprovisioning = { state: 'running', detail: '' };
  run.progress('copying');
  try {
    row.reprovisioning = await give(
      { user: row.user, device: row.device, credential, reissued },
      (detail) => {
        row.reprovisioning = { state: 'running', detail };
        run.progress('copying');
      },
    );
    run.log(
      `${key}: ${row.reprovisioning.state === 'done' ? 're-provisioned' : 'left to do'}: ${row.reprovisioning.detail}`,
    );
  } catch (e) {
    row.reprovisioning = { state: 'failed', detail: errorText(e) };
    run.log(`${key}: re-provisioning failed: ${row.reprovisioning.detail}`);
  }
}
