/**
 * What a user can do with one device, declared once as action objects (CONVENTIONS.md
 * "Renderer"): the tree's context menu, the device page's toolbar and the command palette all
 * perform these. Outcomes are reported through `notify` (a polite live region where shown).
 */
import type { Action } from '../../actions/Action';
import { api, useConnection } from '../../api/connection';
import { errorText } from '../../api/errorText';
import { adminHref, devicePageHref, framesHref, type DeviceRef } from '../../navigation/links';
import { navigate } from '../../navigation/router';
import { copyText } from '../../components/CopyButton';
import { messages } from '../../messages';
import { deviceKey, loadResources, useDevices, type ResourceList } from '../../state/devices';
import { stopStreams } from '../../state/liveStreams';

export type DeviceCommandId =
  | 'open'
  | 'copyId'
  | 'identify'
  | 'showFrames'
  | 'resetCredential'
  | 'remove'
  | 'refresh'
  | 'stopStreams';

export interface CommandContext {
  notify(text: string): void;
  /** A long call started (true) or ended (false), for "Refreshing…" on its button. */
  busy?(id: DeviceCommandId, busy: boolean): void;
}

/** The resource a device offers to make itself known (blink, beep), UI.md §3.1. */
const IDENTIFY = 'identify';

export const offersIdentify = (list: ResourceList | undefined): boolean =>
  Boolean(list?.items.some((r) => r.name === IDENTIFY && r.kind === 'run'));

const hasIdentify = (key: string): boolean => offersIdentify(useDevices.getState().resources[key]);

/** The device is online and main is reachable (UI.md §2: actions wait while the link is lost). */
const isOnline = (key: string): boolean =>
  useConnection.getState().link === 'online' &&
  Boolean(useDevices.getState().devices[key]?.status.online);

async function track(
  ctx: CommandContext,
  id: DeviceCommandId,
  work: () => Promise<string>,
  failed: string,
): Promise<void> {
  ctx.busy?.(id, true);
  try {
    ctx.notify(await work());
  } catch (error) {
    ctx.notify(`${failed} ${errorText(error).message}`);
  } finally {
    ctx.busy?.(id, false);
  }
}

export function deviceCommands(d: DeviceRef, ctx: CommandContext): Record<DeviceCommandId, Action> {
  const key = deviceKey(d.user, d.device);
  const t = messages.devices;
  const group = t.actions.group;
  return {
    open: {
      id: `device.open:${key}`,
      label: t.menu.open,
      group,
      perform: () => navigate(devicePageHref(d)),
    },
    copyId: {
      id: `device.copyId:${key}`,
      label: t.menu.copyId,
      group,
      perform: () => void copyText(d.device).then(() => ctx.notify(messages.common.copied)),
    },
    identify: {
      id: `device.identify:${key}`,
      label: t.actions.identify(d.device),
      group,
      enabled: () => isOnline(key) && hasIdentify(key),
      perform: () =>
        void track(
          ctx,
          'identify',
          async () => {
            await api().resources.run({ ...d, resource: IDENTIFY });
            return t.page.identified;
          },
          t.page.identifyFailed,
        ),
    },
    showFrames: {
      id: `device.frames:${key}`,
      label: t.actions.showFrames(d.device),
      group,
      perform: () => navigate(framesHref(d)),
    },
    resetCredential: {
      id: `device.resetCredential:${key}`,
      label: t.menu.resetCredential,
      group,
      perform: () => navigate(adminHref(d, 'reset')),
    },
    remove: {
      id: `device.remove:${key}`,
      label: t.menu.remove,
      group,
      perform: () => navigate(adminHref(d, 'delete')),
    },
    refresh: {
      id: `device.refresh:${key}`,
      label: t.actions.refresh(d.device),
      group,
      enabled: () => isOnline(key),
      perform: () =>
        void track(
          ctx,
          'refresh',
          async () => {
            await loadResources(d.user, d.device, true);
            const list = useDevices.getState().resources[key];
            if (list?.state === 'error') throw list.error;
            return t.page.refreshed(list?.items.length ?? 0);
          },
          t.page.refreshFailed,
        ),
    },
    stopStreams: {
      id: `device.stopStreams:${key}`,
      label: t.actions.stopStreams(d.device),
      group,
      perform: () => ctx.notify(t.page.stopped(stopStreams(d))),
    },
  };
}
