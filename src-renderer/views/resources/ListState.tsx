/** Loading skeletons, the describe error, or the empty device (UI.md §3.2 "Loading and error"). */
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { deviceKey, loadResources, useDevices } from '../../state/devices';
import { useElapsed } from './hooks';
import { panelErrorAsNotice } from './panelErrors';

const t = messages.device.tab;
const SKELETON_PANELS = 4;
/** UI.md §1: skeletons only after 150 ms. */
const SKELETON_AFTER_MS = 150;

/** Loading skeletons, the describe error, or the empty device, by the list's state. */
export function ListState({
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
