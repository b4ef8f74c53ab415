/**
 * A resource panel's actions (`panelActions.ts`), rebuilt only when what they depend on changes,
 * so the menu, the buttons and Mod+Enter keep the same objects between renders.
 */
import { useMemo } from 'react';
import { useConnection } from '../../api/connection';
import { useResources } from '../../state/resources';
import type { PanelTarget, ResourceCommands } from './commands';
import { panelActions } from './panelActions';
import type { PanelActions, PanelState } from './panelActionTypes';

export function usePanelActions(
  target: PanelTarget,
  cmd: ResourceCommands,
  state: PanelState,
): PanelActions {
  const runtime = useConnection((s) => s.runtime);
  const asked = useResources((s) => s.ask[cmd.key]);
  const { user, device, resource, fn } = target;
  const { enabled, ready, input, shown } = state;
  return useMemo(
    () =>
      panelActions({
        target: { user, device, resource, fn },
        cmd,
        state: { enabled, ready, input, shown },
        runtime,
        asked,
      }),
    [runtime, asked, user, device, resource, fn, cmd, enabled, ready, input, shown],
  );
}
