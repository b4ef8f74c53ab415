/** Strings of the device view (UI.md §3). */
export const device = {} as const;
