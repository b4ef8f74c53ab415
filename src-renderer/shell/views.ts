// The views the navigation will offer (../shared/design/UI.md §2). None is built yet; each names
// the issue that builds it so the shell does not promise more than exists.
export interface PlannedView {
  readonly id: string;
  readonly label: string;
  readonly glyph: string;
  readonly builtIn: string;
}

export const plannedViews: readonly PlannedView[] = [
  { id: 'devices', label: 'Devices', glyph: '◫', builtIn: 'issue 7' },
  { id: 'boards', label: 'Boards', glyph: '⌁', builtIn: 'issue 6' },
  { id: 'flash', label: 'Flash', glyph: '↯', builtIn: 'issue 6' },
  { id: 'inspector', label: 'Inspector', glyph: '≋', builtIn: 'issue 7' },
  { id: 'settings', label: 'Settings', glyph: '⚙', builtIn: 'issue 7' },
];
