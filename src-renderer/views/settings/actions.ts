/**
 * Settings' app-wide actions (palette: "theme", "dark", "compact", "broker"…): appearance changes
 * at once wherever the user is; each section can be opened by name.
 */
import type { Action } from '../../actions/Action';
import { href, navigate } from '../../navigation/router';
import { messages } from '../../messages';
import { usePreferences, type Density, type Theme } from '../../state/preferences';

const t = messages.settings;

/** The theme actually shown, for a toggle: "system" resolves through the media query. */
const shownTheme = (theme: Theme): 'dark' | 'light' =>
  theme === 'dark' || theme === 'light'
    ? theme
    : window.matchMedia?.('(prefers-color-scheme: dark)').matches
      ? 'dark'
      : 'light';

const setPrefs = usePreferences.getState().set;

const toggleTheme: Action = {
  id: 'settings.toggleTheme',
  label: t.appearance.toggleTheme,
  group: t.group,
  keywords: 'theme dark light appearance colours',
  perform: () => {
    const { theme } = usePreferences.getState();
    setPrefs({ theme: shownTheme(theme) === 'dark' ? 'light' : 'dark' });
  },
};

const theme = (value: Theme): Action => ({
  id: `settings.theme.${value}`,
  label: t.actions.theme(t.appearance.themes[value]),
  group: t.group,
  keywords: 'theme appearance colours',
  enabled: () => usePreferences.getState().theme !== value,
  perform: () => setPrefs({ theme: value }),
});

const density = (value: Density): Action => ({
  id: `settings.density.${value}`,
  label: t.actions.density(t.appearance.densities[value]),
  group: t.group,
  keywords: 'density rows size appearance',
  enabled: () => usePreferences.getState().density !== value,
  perform: () => setPrefs({ density: value }),
});

/** Sections by route id (`#/settings/<id>`), as SettingsView lists them. */
const SECTIONS = [
  'appearance',
  'broker',
  'devices',
  'serial',
  'api',
  'endpoints',
  'bridge',
  'about',
] as const;

export const settingsActions: readonly Action[] = [
  toggleTheme,
  theme('dark'),
  theme('light'),
  theme('system'),
  density('comfortable'),
  density('compact'),
  ...SECTIONS.map((id): Action => ({
    id: `settings.open.${id}`,
    label: t.actions.open(t[id].title),
    group: t.group,
    ...(id === 'bridge' ? { keywords: 'mqtt cluster bridge mosquitto emqx hivemq' } : {}),
    ...(id === 'serial' ? { keywords: 'baud rate monitor default' } : {}),
    perform: () => navigate(href('settings', id)),
  })),
];
