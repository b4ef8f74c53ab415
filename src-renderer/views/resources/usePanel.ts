/**
 * The state of one resource panel (UI.md §3.2 "Panel anatomy"): its store entry and draft, its
 * actions and menu, the last failure in words, and the describe-one sample, asked for only while
 * the panel is in view.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  asksBeforeChanging,
  draftFor,
  dropDetailsRequest,
  emptyEntry,
  requestDetails,
  resourceKey,
  useResources,
  type Fn,
  type ResourceEntry,
} from '../../state/resources';
import { reportedOf } from './ActuatorFrame';
import { useResourceCommands, type PanelTarget } from './commands';
import { useInView } from './hooks';
import { isCancelled, panelError } from './panelErrors';
import type { MenuEntry } from './PanelMenu';
import type { PanelHost } from './ResourcePanel';
import type { PanelActions } from './panelActionTypes';
import { usePanelActions } from './usePanelActions';

/** The panel's menu: what every kind has, Chart where a number is, Ask before changing on inputs. */
function menuOf(actions: PanelActions, fn: Fn, asks: boolean): MenuEntry[] {
  return [
    { action: actions.copyCurl },
    ...(actions.copyCurlToken ? [{ action: actions.copyCurlToken }] : []),
    { action: actions.copyJson },
    ...(actions.chart ? [{ action: actions.chart }] : []),
    { action: actions.showFrames },
    ...(fn !== 3 ? [{ action: actions.toggleAsk, checked: asks }] : []),
  ];
}

/** Describe-one only while in view (it runs the handler on the device, IOTMP.md §7.3). */
function useDetailsInView(
  ref: RefObject<Element | null>,
  target: PanelTarget,
  enabled: boolean,
  detailsState: ResourceEntry['detailsState'],
) {
  const { user, device, resource, fn } = target;
  const inView = useInView(ref);
  useEffect(() => {
    if (fn === 1) return;
    // Inputs and outputs ask the device afresh; an RPC's template may come from the broker's cache.
    if (inView && enabled && detailsState === 'idle')
      requestDetails(user, device, resource, { refresh: fn !== 4 });
    else if (!inView && detailsState === 'queued') dropDetailsRequest(user, device, resource);
  }, [inView, enabled, detailsState, user, device, resource, fn]);
}

export function usePanel(target: PanelTarget, host: PanelHost, ref: RefObject<Element | null>) {
  const { user, device, resource, fn } = target;
  const key = resourceKey(user, device, resource);
  const entry = useResources((s) => s.entries[key]) ?? emptyEntry;
  const saved = useResources((s) => s.drafts[key]);
  const asks = useResources((s) => asksBeforeChanging(s.ask, key, fn));
  const [valid, setValid] = useState(true);
  const cmd = useResourceCommands(target);
  const draft = draftFor(saved, entry.details);
  const hasInput = fn === 2 || fn === 4;
  const actions = usePanelActions(target, cmd, {
    enabled: host.enabled,
    ready: valid && (!hasInput || entry.details !== null || saved !== undefined),
    input: hasInput ? draft.value : undefined,
    shown: fn === 2 ? reportedOf(entry, fn) : entry.output,
  });
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  }, [actions]);
  useDetailsInView(ref, target, host.enabled, entry.detailsState);
  const last = entry.last;
  const failed = last && !last.ok && !isCancelled(last.error) ? last.error : null;
  const targetWithKey = useMemo(() => ({ ...target, key }), [target, key]);
  return {
    key,
    targetWithKey,
    entry,
    saved,
    draft,
    valid,
    setValid,
    hasInput,
    actions,
    /** The actions as they are when Mod+Enter is pressed (for the host's focus tracking). */
    latestActions: () => latest.current,
    menu: menuOf(actions, fn, asks),
    /** The last call's error, unless it was the user's own Cancel. */
    failed,
    failure: failed ? panelError(failed) : null,
  };
}
