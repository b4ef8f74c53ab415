/** Strings of the serial view (UI.md §3). */
export const serial = {} as const;
