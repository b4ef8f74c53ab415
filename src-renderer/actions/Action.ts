/**
 * A user operation declared once (CONVENTIONS.md "Renderer"): toolbar buttons, the command
 * palette, menus and keyboard shortcuts all perform the same object, so label, shortcut and
 * enabled state cannot drift apart.
 *
 * Two lifetimes (actionRegistry.ts): app-wide actions are module-level objects in
 * `views/<view>/actions.ts`, listed once in `app/appActions.ts`, so the palette finds every one
 * of them wherever the user is; an action that needs a mounted view (the focused chart, the
 * selected frame) is registered by that view while it is shown, and may replace an app-wide one
 * of the same id (to add its keys). Confirmation of changes to the physical world is not an
 * action property: it is the resources slice's arm → confirm (UI.md §3.4), one mechanism.
 */
export interface Action {
  /** Stable id, e.g. `streams.allOff`. */
  id: string;
  label: string;
  /** Palette and shortcut-sheet heading, e.g. "Go to". */
  group: string;
  /**
   * `Mod+K`, `Mod+Shift+X`, `?`, or a two-key sequence `g d`. Mod is Ctrl (Cmd on macOS). Keys the
   * browser reserves (Ctrl+W/T/N/L, Ctrl/Alt+digits) are never used: the UI also runs in a tab.
   */
  keys?: string;
  /** More words the palette matches, e.g. "dark light" for the theme. */
  keywords?: string;
  /**
   * `jump`: opens a thing by name (a device, a port). The palette lists jumps only for a typed
   * query, after the commands, so an empty palette shows what can be done, not 200 devices.
   */
  kind?: 'command' | 'jump';
  /** Greyed out in the palette and ignored by the keyboard when false. */
  enabled?: () => boolean;
  perform: () => void;
}

export const isEnabled = (a: Action): boolean => (a.enabled ? a.enabled() : true);

/**
 * How well `query` (lower-cased, trimmed) names `a`: 0 its label starts with it, 1 its label
 * holds it, 2 only its group or keywords do. The palette lists better names first, so typing
 * "devices" offers Go to Devices before Devices admin's actions.
 */
export function queryRank(a: Action, query: string): number {
  const label = a.label.toLowerCase();
  return label.startsWith(query) ? 0 : label.includes(query) ? 1 : 2;
}

/** Whether `query` (already lower-cased and trimmed) finds `a` in the palette. */
export function matchesQuery(a: Action, query: string): boolean {
  if (!query) return a.kind !== 'jump';
  const text = `${a.group} ${a.label} ${a.keywords ?? ''}`.toLowerCase();
  return query.split(/\s+/).every((word) => text.includes(word));
}
