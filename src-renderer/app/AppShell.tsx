/** The app shell (UI.md §2): navigation, the current view behind its boundary, status bar. */
import { useEffect, useMemo, useState } from 'react';
import type { Action } from '../actions/Action';
import { registerActions, useRegisterActions } from '../actions/actionRegistry';
import { appActions } from './appActions';
import { rememberRoute, useLastRoutes } from './lastRoutes';
import { CommandPalette, ShortcutSheet } from '../actions/CommandPalette';
import { useShortcuts } from '../actions/useShortcuts';
import { useConnection } from '../api/connection';
import { EmptyState } from '../components/EmptyState';
import { messages } from '../messages';
import { usePreferences } from '../state/preferences';
import { LinkBanner } from './LinkBanner';
import { navBadges } from './NavBadge';
import { href, useRoute } from '../navigation/router';
import { StatusBar } from './StatusBar';
import { ViewBoundary } from './ViewBoundary';
import { viewFor, views } from './views';

function NavBadgeFor({ id }: { id: string }) {
  const Badge = navBadges[id];
  return Badge ? <Badge /> : null;
}

export function AppShell() {
  const route = useRoute();
  const link = useConnection((s) => s.link);
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  const collapsed = usePreferences((s) => s.navCollapsed);
  const setPrefs = usePreferences((s) => s.set);
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null);
  const current = viewFor(route);
  const t = messages.shell;

  useShortcuts();
  useEffect(() => registerActions(appActions), []);
  useEffect(
    () => rememberRoute(current.id, window.location.hash || href(current.routes[0])),
    [current, route],
  );
  const lastRoutes = useLastRoutes((s) => s.byView);
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

  const title = runtime === 'console' ? t.webConsole(host) : t.appName;
  return (
    <div className={`shell${collapsed ? ' shell-collapsed' : ''}`}>
      <nav className="sidebar" aria-label={t.nav.label}>
        <div className="brand" title={title}>
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>
          <span className="nav-label">{t.appName}</span>
        </div>
        <ul className="nav-list">
          {views.map((v) => (
            <li key={v.id}>
              <a
                className="nav-item"
                href={v === current ? href(v.routes[0]) : (lastRoutes[v.id] ?? href(v.routes[0]))}
                aria-current={v === current ? 'page' : undefined}
                title={v.label}
              >
                <span className="nav-glyph" aria-hidden="true">
                  {v.glyph}
                </span>
                <span className="nav-label">{v.label}</span>
                <NavBadgeFor id={v.id} />
              </a>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn-quiet nav-collapse"
          aria-label={collapsed ? t.nav.expand : t.nav.collapse}
          onClick={() => setPrefs({ navCollapsed: !collapsed })}
        >
          {collapsed ? '»' : '«'}
        </button>
      </nav>

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
