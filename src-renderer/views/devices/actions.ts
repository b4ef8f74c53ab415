/**
 * The device tree's app-wide actions (issue 14 §4: module-level objects the palette lists from
 * any view): group the tree by tag or by user, select every device the filters show, clear the
 * selection, delete the selected devices (the confirmation is the tree's own dialog, reached by
 * an intent). Per-device actions are in deviceCommands.ts.
 */
import type { Action } from '../../actions/Action';
import { postIntent } from '../../actions/intents';
import { messages } from '../../messages';
import { href, navigate } from '../../navigation/router';
import { clearSelection, setGroupBy, setSelected, useDevices } from '../../state/devices';
import { filteredKeys } from './deviceFilter';

const t = messages.devices.actions;
const group = t.group;
const anySelected = (): boolean => Object.keys(useDevices.getState().selection).length > 0;

/** Shows the tree: the Devices view, keeping the open device page when it is already shown. */
function showTree(): void {
  if (!/^#\/devices(\/|$)/.test(window.location.hash)) navigate(href('devices'));
}

/** The intent that opens the tree's delete dialog for the selection. */
export const REMOVE_SELECTED_INTENT = 'devices.removeSelected';

const groupByTag: Action = {
  id: 'devices.groupByTag',
  label: t.groupByTag,
  group,
  keywords: 'tree site room product',
  enabled: () => useDevices.getState().groupBy !== 'tag',
  perform: () => {
    setGroupBy('tag');
    showTree();
  },
};

const groupByUser: Action = {
  id: 'devices.groupByUser',
  label: t.groupByUser,
  group,
  keywords: 'tree',
  enabled: () => useDevices.getState().groupBy !== 'user',
  perform: () => {
    setGroupBy('user');
    showTree();
  },
};

const selectShown: Action = {
  id: 'devices.selectShown',
  label: t.selectShown,
  group,
  keywords: 'all tick bulk',
  perform: () => {
    setSelected(filteredKeys(useDevices.getState()), true);
    showTree();
  },
};

const clearDeviceSelection: Action = {
  id: 'devices.clearSelection',
  label: t.clearSelection,
  group,
  keywords: 'untick none',
  enabled: anySelected,
  perform: clearSelection,
};

const removeSelected: Action = {
  id: 'devices.removeSelected',
  label: t.removeSelected,
  group,
  keywords: 'delete forget bulk',
  enabled: anySelected,
  perform: () => {
    showTree();
    postIntent(REMOVE_SELECTED_INTENT);
  },
};

export const devicesActions: readonly Action[] = [
  groupByTag,
  groupByUser,
  selectShown,
  clearDeviceSelection,
  removeSelected,
];
