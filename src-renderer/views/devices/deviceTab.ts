/** The device page's tabs and their routes: `…/charts` is Charts, `…/data` Properties & data. */
export type DeviceTab = 'resources' | 'charts' | 'data';
export const DEVICE_TABS: readonly DeviceTab[] = ['resources', 'charts', 'data'];

/** `…/charts` is the Charts tab, `…/data` Properties & data; anything else is Resources. */
export const tabOf = (segment: string | undefined): DeviceTab =>
  segment === 'charts' ? 'charts' : segment === 'data' ? 'data' : 'resources';
