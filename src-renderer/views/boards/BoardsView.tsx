/**
 * Boards & Flash (UI.md §3.7, §3.8): `#/boards` lists the ports of the machine running main,
 * `#/flash` runs the three-step Flash flow. One h1 (the navigation label) and a switch between
 * the two pages.
 */
import { useState } from 'react';
import { useIntent } from '../../actions/intents';
import { useConnection } from '../../api/connection';
import { href, type Route } from '../../navigation/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { AddPortForm } from './AddPortForm';
import { FlashFlow } from './flash/FlashFlow';
import { PortList } from './PortList';
import { useFollowBoards } from '../../state/useFollowBoards';
import './boards.css';

export function BoardsView({ route }: { route: Route }) {
  const page = route.view === 'flash' ? 'flash' : 'boards';
  const [adding, setAdding] = useState(false);
  useFollowBoards();
  const t = messages.boards;

  // The app-wide "Add port by path…" (./actions.ts) lands here.
  useIntent('boards.addByPath', () => setAdding(true));

  return (
    <>
      <ViewHeader title={messages.shell.nav.boards}>
        <button
          type="button"
          className="btn"
          aria-expanded={adding}
          onClick={() => setAdding((a) => !a)}
        >
          {t.addByPath}
        </button>
      </ViewHeader>
      <div className="boards-subheader">
        <nav className="boards-switch" aria-label={t.sections.label}>
          <a href={href('boards')} aria-current={page === 'boards' ? 'page' : undefined}>
            {t.sections.boards}
          </a>
          <a href={href('flash')} aria-current={page === 'flash' ? 'page' : undefined}>
            {t.sections.flash}
          </a>
        </nav>
        <PortsHost />
      </div>
      {adding && <AddPortForm onDone={() => setAdding(false)} />}
      {page === 'flash' ? (
        <FlashFlow onAddPort={() => setAdding(true)} />
      ) : (
        <PortList onAddPort={() => setAdding(true)} />
      )}
    </>
  );
}

/** "Ports on <host>": in the web console these are the gateway's ports, not the browser's. */
function PortsHost() {
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  const t = messages.boards;
  return (
    <p className="muted boards-host" title={runtime === 'console' ? t.portsOnHint : undefined}>
      {runtime === 'console' ? t.portsOn(host) : t.portsHere}
    </p>
  );
}
