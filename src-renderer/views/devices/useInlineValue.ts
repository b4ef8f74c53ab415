/**
 * The latest value of an output resource, inline in the tree (UI.md §3.1, as MQTT Explorer shows
 * values in its tree). No stream is opened for it: the row shows what the console already knows
 * (a read, a run, an open stream, the describe sample) and, while it is on screen and the device
 * is online, asks for the describe sample once through the panels' queue (at most 4 requests in
 * flight per device; the broker caches describe). A row scrolled away leaves the queue.
 */
import { useEffect } from 'react';
import type { Value } from '@contract/schemas';
import { isMap, shapeOf, summaryText } from '../../model/pson';
import { dateTime } from '../../format/time';
import { messages } from '../../messages';
import { deviceKey, useContact, useDevices, type ResourceInfo } from '../../state/devices';
import {
  dropDetailsRequest,
  requestDetails,
  resourceKey,
  useResources,
} from '../../state/resources';

/** Characters of a value shown in a tree row; the full value is on the device page. */
const INLINE_CHARS = 32;

/** A map reads "celsius 21.5 · humidity 40" (the tree has no room for JSON); else as a sentence. */
function inlineText(v: Value): string {
  if (isMap(v) && shapeOf(v) === 'map') {
    const text = Object.entries(v)
      .map(([k, x]) => `${k} ${x === undefined ? '' : summaryText(x, INLINE_CHARS)}`)
      .join(' · ');
    return text.length > INLINE_CHARS ? `${text.slice(0, INLINE_CHARS - 1)}…` : text;
  }
  return summaryText(v, INLINE_CHARS);
}

export interface InlineValue {
  text: string;
  title: string;
  stale: boolean;
}

export function useInlineValue(
  user: string,
  device: string,
  resource: ResourceInfo,
): InlineValue | null {
  const output = resource.kind === 'out' || resource.kind === 'inout';
  const key = resourceKey(user, device, resource.name);
  const value = useResources((s) => (output ? s.entries[key]?.output : undefined));
  const at = useResources((s) => (output ? (s.entries[key]?.outputAt ?? null) : null));
  const online = useDevices((s) => s.devices[deviceKey(user, device)]?.status.online ?? false);
  const contact = useContact();

  useEffect(() => {
    if (!output || !online || !contact) return;
    requestDetails(user, device, resource.name);
    return () => dropDetailsRequest(user, device, resource.name);
  }, [output, online, contact, user, device, resource.name]);

  if (value === undefined || at === null) return null;
  const stale = !online || !contact;
  return {
    text: inlineText(value),
    title: messages.devices.tree.valueTitle(dateTime(at), stale),
    stale,
  };
}
