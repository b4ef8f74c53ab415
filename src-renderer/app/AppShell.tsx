/** The app shell (UI.md §2): navigation (Sidebar), the current view behind its boundary, status bar. */
import { useEffect, useMemo, useState } from 'react';
import type { Action } from '../actions/Action';
import { registerActions, useRegisterActions } from '../actions/actionRegistry';
import { appActions } from './appActions';
import { rememberRoute } from './lastRoutes';
import { CommandPalette } from '../actions/CommandPalette';
import { ShortcutSheet } from '../actions/ShortcutSheet';
import { useShortcuts } from '../actions/useShortcuts';
import { useConnection } from '../api/connection';
import { EmptyState } from '../components/EmptyState';
import { messages } from '../messages';
import { usePreferences } from '../state/preferences';
import { LinkBanner } from './LinkBanner';
import { href, useRoute } from '../navigation/router';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { ViewBoundary } from './ViewBoundary';
import { viewFor } from './views';

export function AppShell() {
  const route = useRoute();
  const link = useConnection((s) => s.link);
  const collapsed = usePreferences((s) => s.navCollapsed);
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null);
  const current = viewFor(route);
  const t = messages.shell;

  useShortcuts();
  useEffect(() => registerActions(appActions), []);
  useEffect(
    () => rememberRoute(current.id, window.location.hash || href(current.routes[0])),
    [current, route],
  );
  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'shell.palette',
        label: t.palette.open,
        group: t.general,
        keys: 'Mod+K',
        perform: () => setOverlay('palette'),
      },
      {
        id: 'shell.shortcuts',
        label: t.shortcuts.open,
        group: t.general,
        keys: '?',
        perform: () => setOverlay('shortcuts'),
      },
    ],
    [t],
  );
  useRegisterActions(actions);

  return (
    <div className={`shell${collapsed ? ' shell-collapsed' : ''}`}>
      <Sidebar current={current} />

      <main className="content" aria-label={current.label}>
        <LinkBanner />
        {link === 'no-token' ? (
          <EmptyState title={t.noToken.title} glyph="⊘">
            <p>{t.noToken.body}</p>
          </EmptyState>
        ) : (
          <ViewBoundary key={current.id}>
            <current.Component route={route} />
          </ViewBoundary>
        )}
      </main>

      <StatusBar />
      {overlay === 'palette' && <CommandPalette onClose={() => setOverlay(null)} />}
      {overlay === 'shortcuts' && <ShortcutSheet onClose={() => setOverlay(null)} />}
    </div>
  );
}
