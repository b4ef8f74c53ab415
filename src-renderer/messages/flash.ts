/** Strings of the flash view (UI.md §3). */
export const flash = {} as const;
