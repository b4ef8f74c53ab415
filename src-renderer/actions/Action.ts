/**
 * A user operation declared once (CONVENTIONS.md "Renderer"): toolbar buttons, the command
 * palette, menus and keyboard shortcuts all perform the same object, so label, shortcut and
 * enabled state cannot drift apart.
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
  /** Greyed out in the palette and ignored by the keyboard when false. */
  enabled?: () => boolean;
  perform: () => void;
  /** Sentence shown to confirm before performing (actions that change the physical world). */
  confirm?: string;
}

export const isEnabled = (a: Action): boolean => (a.enabled ? a.enabled() : true);
