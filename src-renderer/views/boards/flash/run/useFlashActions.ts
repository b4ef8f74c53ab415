/**
 * The flash step's actions for the palette and keys (UI.md §2): Flash (Mod+Enter), Cancel all,
 * Flash another batch, each enabled only where its button is.
 */
import { useMemo } from 'react';
import type { Action } from '../../../../actions/Action';
import { useRegisterActions } from '../../../../actions/actionRegistry';
import { messages } from '../../../../messages';
import type { ChosenTarget } from '../flashTargets';

export function useFlashActions({
  hasJob,
  running,
  starting,
  chosen,
  start,
  cancelAll,
  another,
}: {
  hasJob: boolean;
  running: boolean;
  starting: boolean;
  chosen: ChosenTarget[];
  start: (list: ChosenTarget[]) => void;
  cancelAll: () => void;
  another: () => void;
}): void {
  const a = messages.flash.actions;
  const chosenKey = chosen.map((c) => `${c.port}=${c.board}`).join();
  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'flash.start',
        label: a.start,
        group: a.group,
        keys: 'Mod+Enter',
        enabled: () => !hasJob && chosen.length > 0 && !starting,
        perform: () => start(chosen),
      },
      {
        id: 'flash.cancelAll',
        label: a.cancelAll,
        group: a.group,
        enabled: () => running,
        perform: cancelAll,
      },
      {
        id: 'flash.another',
        label: a.another,
        group: a.group,
        enabled: () => hasJob && !running,
        perform: another,
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start/cancelAll read the latest state themselves
    [hasJob, running, starting, chosenKey],
  );
  useRegisterActions(actions);
}
