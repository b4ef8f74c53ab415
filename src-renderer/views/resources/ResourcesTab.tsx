/**
 * The Resources tab of a device page (UI.md §3.2): panels generated from describe in a grid
 * sorted by name, `/`-names grouped by their first segment, `$` system resources collapsed,
 * session templates listed read-only, and the "Controls" strip of actuators on top (§3.4). The
 * resource list comes from the devices slice; each panel reads its own sample lazily. While the
 * device is offline (or main unreachable) values are stale and actions wait, drafts stay; on
 * reconnect samples are read again and a changed list is pointed out.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useConnection } from '../../api/connection';
import { useNow } from '../../components/useNow';
import { clockTime } from '../../format/time';
import { messages } from '../../messages';
import {
  deviceKey,
  dismissListChanges,
  ensureResources,
  useDevices,
  type ResourceInfo,
} from '../../state/devices';
import { invalidateDetails } from '../../state/resources';
import { Announcer } from './Announcer';
import { ControlsStrip } from './ControlsStrip';
import { layoutResources, type ResourceItem } from './layout';
import { ListChanged } from './ListChanged';
import { ListState } from './ListState';
import { ResourcePanel } from './ResourcePanel';
import { SessionTemplates } from './SessionTemplates';
import { usePanelHost } from './usePanelHost';
import './resources.css';

const t = messages.device.tab;

const NO_ITEMS: readonly ResourceInfo[] = [];
/** Ages and stale tags ("stale · 12 s") are re-evaluated this often. */
const CLOCK_MS = 1_000;

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

  const host = usePanelHost(enabled, now);
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
      <SessionTemplates sessions={layout.sessions} />
    </div>
  );
}
