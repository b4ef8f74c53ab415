/** The Boards page (UI.md §3.7): one row per port, live; empty and error states in words. */
import { useState } from 'react';
import { Check } from '../../components/Check';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { usePorts } from '../../state/ports';
import { PortRowView } from './PortRow';

export function PortList({ onAddPort }: { onAddPort: () => void }) {
  const all = usePorts((s) => s.ports);
  const [showSystem, setShowSystem] = useState(false);
  const system = all.filter((p) => p.system).length;
  const ports = showSystem ? all : all.filter((p) => !p.system);
  const boards = usePorts((s) => s.boards);
  const loaded = usePorts((s) => s.loaded);
  const loadError = usePorts((s) => s.loadError);
  const listError = usePorts((s) => s.listError);
  const refresh = usePorts((s) => s.refresh);
  const t = messages.boards;

  if (loadError && !ports.length)
    return (
      <div className="boards-page">
        <ErrorNotice error={loadError} title={t.loadFailed} onRetry={() => void refresh()} />
      </div>
    );

  return (
    <div className="boards-page">
      {listError && (
        <div role="alert" className="error-notice">
          <p>
            {listError} <span className="muted">{t.listErrorHint}</span>
          </p>
          <div className="row">
            <button type="button" className="btn" onClick={onAddPort}>
              {t.addByPath}
            </button>
            <button type="button" className="btn" onClick={() => void refresh()}>
              {messages.common.retry}
            </button>
          </div>
        </div>
      )}
      {system > 0 && (
        <Check
          className="bf-check system-ports"
          checked={showSystem}
          onChange={setShowSystem}
          label={t.showSystem(system)}
          hint={t.showSystemHint}
        />
      )}
      {loaded && ports.length === 0 && !listError ? (
        <EmptyState title={t.empty.title} glyph="⌁">
          <p>{t.empty.body}</p>
          {system > 0 && !showSystem && <p className="muted">{t.empty.systemHidden(system)}</p>}
          <button type="button" className="btn" onClick={onAddPort}>
            {t.empty.add}
          </button>
        </EmptyState>
      ) : (
        <ul className="port-list" aria-label={t.list} aria-busy={!loaded}>
          {ports.map((p) => (
            <PortRowView key={p.path} port={p} boards={boards} />
          ))}
        </ul>
      )}
    </div>
  );
}
