import { useMemo } from 'react';
import { connectFromBridge, connectFromLocation } from '../api/client';
import { useBrokerStatus, type StatusState } from '../api/useBrokerStatus';
import { plannedViews } from './views';

// In Electron the preload sets window.studio; without it the UI is running as the web console.
const bridge = window.studio;
const runtimeLabel = bridge ? `desktop · v${bridge.version}` : 'web console';

function statusText(connected: boolean, s: StatusState): string {
  if (!connected)
    return bridge
      ? 'broker: connects through the desktop bridge (coming)'
      : 'not connected: open the console: URL that headless mode printed';
  if (s.kind === 'connecting') return 'connecting to the broker…';
  if (s.kind === 'error') return `broker unreachable: ${s.message}`;
  const { counts, listeners, failures } = s.status;
  const ports = listeners.map((l) => `${l.transport} ${l.port}`).join(' · ');
  const problems = failures.length ? ` · ${failures.length} listener(s) not started` : '';
  return `broker: ${counts.online} of ${counts.registered} devices online · ${ports}${problems}`;
}

export function AppShell() {
  const connection = useMemo(
    () => (bridge ? connectFromBridge(bridge) : connectFromLocation(window.location)),
    [],
  );
  const status = useBrokerStatus(connection);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Views">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◉
          </span>
          IoTMP Studio
        </div>
        <ul className="nav-list">
          {plannedViews.map((view) => (
            <li
              key={view.id}
              className="nav-item"
              aria-disabled="true"
              title={`Coming in ${view.builtIn}`}
            >
              <span className="nav-glyph" aria-hidden="true">
                {view.glyph}
              </span>
              <span className="nav-label">{view.label}</span>
              <span className="nav-badge">coming soon</span>
            </li>
          ))}
        </ul>
      </nav>

      <main className="content">
        <header className="view-header">
          <h1>IoTMP Studio</h1>
        </header>
        <section className="empty-state" aria-labelledby="empty-title">
          <div className="empty-glyph" aria-hidden="true">
            ○
          </div>
          <h2 id="empty-title">Nothing to commission yet</h2>
          <p>
            This is the first build of IoTMP Studio. The device tree, board flashing and the frame
            inspector arrive in the next versions; the views on the left light up as they do.
          </p>
        </section>
      </main>

      <footer className="status-bar">
        <span>{runtimeLabel}</span>
        <span className="status-muted" data-testid="broker-status">
          {statusText(connection !== null, status)}
        </span>
      </footer>
    </div>
  );
}
