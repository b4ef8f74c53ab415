/**
 * The shell's left navigation (UI.md §2): the brand (its title says the app or "Web console ·
 * host"), one link per view with its badge, each going back to where that view was last left, and
 * collapse to icons.
 */
import { useConnection } from '../api/connection';
import { messages } from '../messages';
import { href } from '../navigation/router';
import { usePreferences } from '../state/preferences';
import { useLastRoutes } from './lastRoutes';
import { navBadges } from './NavBadge';
import { views, type ViewDef } from './views';

function NavBadgeFor({ id }: { id: string }) {
  const Badge = navBadges[id];
  return Badge ? <Badge /> : null;
}

export function Sidebar({ current }: { current: ViewDef }) {
  const t = messages.shell;
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  const collapsed = usePreferences((s) => s.navCollapsed);
  const setPrefs = usePreferences((s) => s.set);
  const lastRoutes = useLastRoutes((s) => s.byView);
  const title = runtime === 'console' ? t.webConsole(host) : t.appName;
  return (
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
  );
}
