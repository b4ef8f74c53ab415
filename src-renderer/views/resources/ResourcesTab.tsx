/**
 * The Resources tab of a device page (UI.md §3.2): panels generated from describe in a grid
 * sorted by name, `/`-names grouped by their first segment, `$` system resources collapsed,
 * session templates listed read-only, and the "Controls" strip of actuators on top (§3.4). The
 * resource list comes from the devices slice; each panel reads its own sample lazily. While the
 * device is offline (or main unreachable) values are stale and actions wait, drafts stay; on
 * reconnect samples are read again and a changed list is pointed out.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { useConnection } from '../../api/connection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import {
  deviceKey,
  dismissListChanges,
  ensureResources,
  loadResources,
  useDevices,
  type ResourceInfo,
} from '../../state/devices';
import { invalidateDetails, useResources } from '../../state/resources';
import { ControlsStrip } from './ControlsStrip';
import { useNow } from '../../components/useNow';
import { useElapsed } from './hooks';
import { layoutResources, type ResourceItem } from './layout';
import { panelErrorAsNotice } from './panelErrors';
import { ResourcePanel, type PanelHost } from './ResourcePanel';
import type { PanelActions } from './usePanelActions';
import './resources.css';

const t = messages.device.tab;

const NO_ITEMS: readonly ResourceInfo[] = [];
const SKELETON_PANELS = 4;
/** Ages and stale tags ("stale · 12 s") are re-evaluated this often. */
const CLOCK_MS = 1_000;
/** UI.md §1: skeletons only after 150 ms. */
const SKELETON_AFTER_MS = 150;

export function ResourcesTab({ user, device }: { user: string; device: string }) {
  const key = deviceKey(user, device);
  const online = useDevices((s) => s.devices[key]?.status.online ?? false);
  const lastSeen = useDevices((s) => s.devices[key]?.status.lastSeen ?? null);
  const list = useDevices((s) => s.resources[key]);
  const link = useConnection((s) => s.link);
  const enabled = online && link === 'online';
  const now = useNow(CLOCK_MS);

  useEffect(() => {
    if (online) ensureResources(key);
  }, [key, online]);

  // Samples taken before a disconnect are old: panels in view read again on return. A layout
  // effect, so it runs before the panels' and the Controls strip's effects ask for samples.
  const wasEnabled = useRef(enabled);
  useLayoutEffect(() => {
    if (enabled && !wasEnabled.current) invalidateDetails(user, device);
    wasEnabled.current = enabled;
  }, [enabled, user, device]);

  const changes = list?.changes ?? null;
  const items = list?.items ?? NO_ITEMS;
  const layout = useMemo(() => layoutResources(items), [items]);

  const focused = useRef<{ key: string; actions: () => PanelActions } | null>(null);
  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'resources.runFocused',
        label: t.runFocused,
        group: t.actionsGroup,
        keys: 'Mod+Enter',
        enabled: () => focused.current !== null,
        perform: () => {
          const primary = focused.current?.actions().primary;
          if (primary && (!primary.enabled || primary.enabled())) primary.perform();
        },
      },
    ],
    [],
  );
  useRegisterActions(actions);

  const host = useMemo<PanelHost>(
    () => ({
      enabled,
      stale: !enabled,
      now,
      onFocus: (k, a) => (focused.current = { key: k, actions: a }),
    }),
    [enabled, now],
  );
  const panels = (list: readonly ResourceItem[]) => (
    <div className="rp-grid">
      {list.map((item) => (
        <ResourcePanel key={item.name} user={user} device={device} item={item} host={host} />
      ))}
    </div>
  );

  return (
    <div className="rp-tab">
      <Announcer />
      {!enabled ? (
        <p className="rp-banner">
          <span aria-hidden="true">○ </span>
          {lastSeen !== null && !online ? t.offline(clockTime(lastSeen)) : t.offlineNever}
        </p>
      ) : null}
      {changes ? <ListChanged {...changes} dismiss={() => dismissListChanges(key)} /> : null}
      <ListState user={user} device={device} enabled={enabled} empty={items.length === 0} />
      <ControlsStrip
        user={user}
        device={device}
        items={[...layout.main, ...layout.groups.flatMap((g) => g.items)]}
        enabled={enabled}
      />
      {layout.main.length ? panels(layout.main) : null}
      {layout.groups.map((g) => (
        <section key={g.name} className="rp-group" aria-label={t.group(g.name)}>
          <h3 className="rp-group-title mono">{t.group(g.name)}</h3>
          {panels(g.items)}
        </section>
      ))}
      {layout.system.length ? (
        <details className="rp-system">
          <summary>
            {t.system} <span className="muted">({layout.system.length})</span>
          </summary>
          {panels(layout.system)}
        </details>
      ) : null}
      {layout.sessions.length ? (
        <section className="rp-sessions" aria-label={t.sessions}>
          <h3 className="rp-group-title">{t.sessions}</h3>
          <p className="muted">{t.sessionsNote}</p>
          <ul>
            {layout.sessions.map((s) => (
              <li key={s.name}>
                <span className="mono">{s.name}</span>{' '}
                {s.fn ? <span className="rp-kind">{messages.device.kind[s.fn]}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** Loading skeletons, the describe error, or the empty device, by the list's state. */
function ListState({
  user,
  device,
  enabled,
  empty,
}: {
  user: string;
  device: string;
  enabled: boolean;
  empty: boolean;
}) {
  const list = useDevices((s) => s.resources[deviceKey(user, device)]);
  const loading = !list || list.state === 'loading';
  const [since] = useState(() => Date.now());
  const skeleton = useElapsed(loading && empty && enabled ? since : null, SKELETON_AFTER_MS);
  if (list?.state === 'error') {
    const timeout = (list.error as { code?: string } | null)?.code === 'TIMEOUT';
    return (
      <ErrorNotice
        error={panelErrorAsNotice(list.error)}
        title={timeout ? t.noAnswer : t.describeFailed}
        onRetry={enabled ? () => void loadResources(user, device, true) : undefined}
      />
    );
  }
  if (skeleton)
    return (
      <div className="rp-grid" aria-label={t.describing} aria-busy="true">
        {Array.from({ length: SKELETON_PANELS }, (_, i) => (
          <div key={i} className="rp-panel rp-skeleton-panel" />
        ))}
      </div>
    );
  if (list?.state === 'ready' && empty && enabled) return <EmptyState title={t.none} glyph="∅" />;
  return null;
}

/** The one polite live region: the outcome of the user's own Run or Send (UI.md §5). */
function Announcer() {
  const text = useResources((s) => s.announcement?.text ?? '');
  const seq = useResources((s) => s.announcement?.seq ?? 0);
  return (
    <div className="visually-hidden" role="status" aria-live="polite">
      <span key={seq}>{text}</span>
    </div>
  );
}

/** "Resource list changed: 2 added, 1 removed · Show", after a re-describe brought a new list. */
function ListChanged({
  added,
  removed,
  dismiss,
}: {
  added: string[];
  removed: string[];
  dismiss: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="rp-changed" role="status">
      <p>
        {t.listChanged(added.length, removed.length)} ·{' '}
        <button type="button" className="btn btn-quiet rp-link" onClick={() => setOpen(!open)}>
          {open ? t.hide : t.show}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          aria-label={messages.common.close}
          onClick={dismiss}
        >
          ✕
        </button>
      </p>
      {open ? (
        <ul className="mono">
          {added.length ? <li>{t.added(added.join(', '))}</li> : null}
          {removed.length ? <li>{t.removed(removed.join(', '))}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
