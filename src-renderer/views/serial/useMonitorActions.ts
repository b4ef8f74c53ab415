/**
 * The monitor's operations as action objects (UI.md §2): Mod+F search, Space pause (unless focus
 * is on a control Space already operates), Mod+Shift+E save, Clear, Copy all.
 */
import { useMemo } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { messages } from '../../messages';

/** Focus on something Space already operates: then Space is that control's, not "pause". */
const spaceIsTaken = (): boolean => {
  const el = document.activeElement;
  return (
    el instanceof HTMLElement &&
    (el.tagName === 'BUTTON' ||
      el.tagName === 'A' ||
      el.tagName === 'SUMMARY' ||
      el.isContentEditable)
  );
};

export interface MonitorCommands {
  openSearch: () => void;
  togglePause: () => void;
  save: () => void;
  clear: () => void;
  copyAll: () => void;
}

/** `port`, `view`, `timestamps`: what the performers' results depend on. */
export function useMonitorActions(
  on: MonitorCommands,
  port: string,
  view: string,
  timestamps: boolean,
): void {
  const t = messages.serial;
  const actions = useMemo<Action[]>(() => {
    const group = t.actions.group;
    return [
      {
        id: 'serial.search',
        label: t.actions.search,
        group,
        keys: 'Mod+F',
        perform: on.openSearch,
      },
      {
        id: 'serial.pause',
        label: t.actions.pause,
        group,
        keys: 'Space',
        enabled: () => !spaceIsTaken(),
        perform: on.togglePause,
      },
      { id: 'serial.save', label: t.actions.save, group, keys: 'Mod+Shift+E', perform: on.save },
      { id: 'serial.clear', label: t.actions.clear, group, perform: on.clear },
      { id: 'serial.copyAll', label: t.actions.copyAll, group, perform: on.copyAll },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- performers read the latest state
  }, [port, view, timestamps]);
  useRegisterActions(actions);
}
