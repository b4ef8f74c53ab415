/** Strings of the devices view (UI.md §3). */
export const devices = {} as const;
