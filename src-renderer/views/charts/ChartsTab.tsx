/**
 * The Charts tab of a device page (UI.md §3.3). `?resource=<name>` (repeatable) opens a chart for
 * that resource, which is how panels' Chart button arrives; `?interval=<seconds>` picks the
 * interval (0: every change); `?scope=all` shows the charts of every device side by side. Charts
 * outlive the tab: they keep buffering until closed or stopped with All streams off.
 */
import { useEffect, useMemo, useState } from 'react';
import { useRegisterActions } from '../../actions/actionRegistry';
import { href, navigate, type Route } from '../../navigation/router';
import { EmptyState } from '../../components/EmptyState';
import { messages } from '../../messages';
import { openChart, useStreams } from '../../state/streams';
import { chartActions } from './actions';
import { AddChart } from './AddChart';
import { LiveChart } from './LiveChart';
import './charts.css';

const t = messages.charts;

/** `?interval=` in seconds, as the REST stream route takes it; undefined when absent or bad. */
function intervalFromQuery(query: URLSearchParams): number | undefined {
  const raw = query.get('interval');
  if (raw === null || raw.trim() === '') return undefined;
  const s = Number(raw);
  return Number.isInteger(s) && s >= 0 && s <= 86_400 ? s * 1_000 : undefined;
}

export function ChartsTab({ user, device, route }: { user: string; device: string; route: Route }) {
  const charts = useStreams((s) => s.charts);
  const scopeAll = route.query.get('scope') === 'all';
  const requested = route.query.getAll('resource');
  const interval = intervalFromQuery(route.query);
  const requestKey = JSON.stringify([user, device, requested, interval]);

  useEffect(() => {
    const [u, d, names, ms] = JSON.parse(requestKey) as [string, string, string[], number | null];
    for (const resource of names)
      openChart({ user: u, device: d, resource }, ms === null ? undefined : ms);
  }, [requestKey]);

  const shown = scopeAll ? charts : charts.filter((c) => c.user === user && c.device === device);
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = shown.find((c) => c.id === activeId) ?? shown[0];
  const activeChart = active?.id;
  const zoomed = active?.zoom != null;

  const actions = useMemo(() => chartActions(activeChart, zoomed), [activeChart, zoomed]);
  useRegisterActions(actions);

  const base = href('devices', user, device, 'charts');
  const openHere = charts
    .filter((c) => c.user === user && c.device === device)
    .map((c) => c.resource);
  const add = (
    <AddChart
      user={user}
      device={device}
      open={openHere}
      onChart={(resource) => openChart({ user, device, resource })}
    />
  );
  return (
    <div className="charts-tab">
      <div className="charts-toolbar">
        {add}
        <div className="charts-scope" role="group" aria-label={t.scope.label}>
          <button
            type="button"
            className="btn"
            aria-pressed={!scopeAll}
            onClick={() => navigate(base)}
          >
            {t.scope.device}
          </button>
          <button
            type="button"
            className="btn"
            aria-pressed={scopeAll}
            onClick={() => navigate(`${base}?scope=all`)}
          >
            {t.scope.all} ({charts.length})
          </button>
        </div>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={t.empty.title} glyph="∿">
          <p>{t.empty.body}</p>
        </EmptyState>
      ) : (
        <div className="charts-grid">
          {shown.map((c) => (
            <LiveChart key={c.id} chart={c} showDevice={scopeAll} onActivate={setActiveId} />
          ))}
        </div>
      )}
    </div>
  );
}
