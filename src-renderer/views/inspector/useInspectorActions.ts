/**
 * Every operation of the inspector as one action object (CONVENTIONS.md "Renderer"): the toolbar
 * buttons, the palette and the keys perform the same ones. `/` filter, Mod+F find, Space pause or
 * resume, Mod+Shift+E export (UI.md §2).
 */
import { useMemo } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { copyText } from '../../components/CopyButton';
import { messages } from '../../messages';
import { pvOfDevice, useInspector } from '../../state/inspector';
import { clearFrames, exportFrames } from './actions';
import { decodeCommand } from '../../model/inspector/exportFrames';

const t = messages.inspector.actions;

const selectedRow = () => {
  const { frames, selectedId } = useInspector.getState();
  return selectedId === null ? undefined : frames.find((r) => r.id === selectedId);
};

export interface InspectorActions {
  filter: Action;
  find: Action;
  pause: Action;
  export: Action;
  clear: Action;
}

export function useInspectorActions(focusFilter: () => void, openFind: () => void) {
  const paused = useInspector((s) => s.paused !== null);
  const list = useMemo(() => {
    const group = t.group;
    const actions = {
      filter: {
        id: 'inspector.filter',
        label: t.focusFilter,
        group,
        keys: '/',
        perform: focusFilter,
      },
      find: { id: 'inspector.find', label: t.find, group, keys: 'Mod+F', perform: openFind },
      pause: {
        id: 'inspector.pause',
        label: paused ? t.resume : t.pause,
        group,
        keys: 'Space',
        perform: () => {
          const s = useInspector.getState();
          if (s.paused) s.resume();
          else s.pause('user');
        },
      },
      export: { ...exportFrames, keys: 'Mod+Shift+E' },
      clear: clearFrames,
    } satisfies InspectorActions;
    const more: Action[] = [
      {
        id: 'inspector.errorsOnly',
        label: t.errorsOnly,
        group,
        perform: () => {
          const s = useInspector.getState();
          s.setFilter({ errorsOnly: !s.filter.errorsOnly });
        },
      },
      {
        id: 'inspector.copyHex',
        label: t.copyHex,
        group,
        enabled: () => selectedRow() !== undefined,
        perform: () => void copyText(selectedRow()?.frame.hex ?? ''),
      },
      {
        id: 'inspector.copyDecode',
        label: t.copyDecode,
        group,
        enabled: () => selectedRow() !== undefined,
        perform: () => {
          const row = selectedRow();
          if (row) void copyText(decodeCommand(row.frame.hex, pvOfDevice(row.device)));
        },
      },
    ];
    return { actions, all: [...Object.values(actions), ...more] };
  }, [paused, focusFilter, openFind]);
  useRegisterActions(list.all);
  return list.actions;
}
