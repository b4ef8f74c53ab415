/**
 * What every panel of the tab shares (enabled, stale, the clock) and the panel last focused, so
 * Mod+Enter ("Run / Send the focused panel", UI.md §2) has something to run.
 */
import { useMemo, useRef } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { messages } from '../../messages';
import type { PanelHost } from './ResourcePanel';
import type { PanelActions } from './panelActionTypes';

const t = messages.device.tab;

export function usePanelHost(enabled: boolean, now: number): PanelHost {
  const focused = useRef<{ key: string; actions: () => PanelActions } | null>(null);
  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'resources.runFocused',
        label: t.runFocused,
        group: t.actionsGroup,
        keys: 'Mod+Enter',
        enabled: () => focused.current !== null,
        perform: () => {
          const primary = focused.current?.actions().primary;
          if (primary && (!primary.enabled || primary.enabled())) primary.perform();
        },
      },
    ],
    [],
  );
  useRegisterActions(actions);
  return useMemo<PanelHost>(
    () => ({
      enabled,
      stale: !enabled,
      now,
      onFocus: (k, a) => (focused.current = { key: k, actions: a }),
    }),
    [enabled, now],
  );
}
