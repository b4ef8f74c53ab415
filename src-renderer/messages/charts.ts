/** Strings of the charts view (UI.md §3). */
export const charts = {} as const;
