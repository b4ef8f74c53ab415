/**
 * The devices slice (UI.md §3.1), in a store and a model (issue 14 §4): the pure rules
 * (devices/model), the store with its setters (devices/store), the list and presence
 * (devices/fleet), each device's resource list (devices/resourceLists), the tree's
 * multi-selection (devices/selection) and the lifetimes (devices/follow).
 */
import { deviceKey, splitKey } from '@contract/deviceKey';

/** One key per device in maps and routes, the same as main's (contract `deviceKey`). */
export { deviceKey, splitKey };
export * from './devices/model';
export * from './devices/store';
export * from './devices/fleet';
export * from './devices/resourceLists';
export * from './devices/follow';
export * from './devices/selection';
