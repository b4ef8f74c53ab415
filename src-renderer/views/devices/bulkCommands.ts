/**
 * Bulk commands of the tree's selection that are not tags (those are in state/deviceTags.ts):
 * reading resource lists again. Bounded like every bulk change (BULK_CONCURRENCY), since each
 * describe-all runs on the device (IOTMP.md §7.2).
 */
import { errorText } from '../../api/errorText';
import { messages } from '../../messages';
import { loadResources, splitKey, useDevices } from '../../state/devices';
import { eachBounded, type BulkOutcome } from '../../state/deviceTags';

/** Asks each selected online device for its resource list again; offline ones are counted. */
export async function refreshLists(
  keys: readonly string[],
): Promise<{ outcome: BulkOutcome; offline: number }> {
  const devices = useDevices.getState().devices;
  const online = keys.filter((k) => devices[k]?.status.online);
  const outcome = await eachBounded(online, async (key) => {
    const [user, device] = splitKey(key);
    await loadResources(user, device, true);
    const list = useDevices.getState().resources[key];
    if (list?.state === 'error') throw list.error;
    return true;
  });
  return { outcome, offline: keys.length - online.length };
}

/** The notice for a bulk outcome: what was done, then what failed and why (the first reason). */
export function outcomeText(o: BulkOutcome, done: string, what: string): string {
  const firstFailure = o.failed[0];
  if (!firstFailure) return done;
  const why = errorText(firstFailure.error).message;
  const failed = messages.devices.selection.failed(
    what,
    o.failed.map((f) => f.key),
    why,
  );
  return o.changed ? `${done} ${failed}` : failed;
}
