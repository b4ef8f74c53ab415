/** Strings of the boards view (UI.md §3). */
export const boards = {} as const;
