/** Strings of the admin view (UI.md §3). */
export const admin = {} as const;
