/** Strings of the settings view (UI.md §3). */
export const settings = {} as const;
