/** What the device tree is built from: the parts of the devices slice it depends on (treeRows). */
import type { DevicesData, GroupBy } from '../../state/devices';

/** The parts of the slice the tree depends on. */
export type TreeInput = Pick<
  DevicesData,
  | 'keys'
  | 'devices'
  | 'resources'
  | 'filter'
  | 'statusFilter'
  | 'tagFilter'
  | 'sort'
  | 'collapsedGroups'
  | 'expanded'
> & { groupBy?: GroupBy };

/** The tree's input from the slice (for `useShallow`: a new object only when a field changed). */
export const selectTreeInput = (s: DevicesData): Required<TreeInput> => ({
  keys: s.keys,
  devices: s.devices,
  resources: s.resources,
  filter: s.filter,
  statusFilter: s.statusFilter,
  tagFilter: s.tagFilter,
  sort: s.sort,
  collapsedGroups: s.collapsedGroups,
  expanded: s.expanded,
  groupBy: s.groupBy,
});
