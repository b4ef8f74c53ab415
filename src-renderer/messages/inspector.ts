/** Strings of the inspector view (UI.md §3). */
export const inspector = {} as const;
