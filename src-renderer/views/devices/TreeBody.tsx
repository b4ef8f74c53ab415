/**
 * What the tree pane shows under its filter: nothing or skeleton rows while the first list loads
 * (skeletons only when that takes a while), the error with a retry, "no devices yet", and the tree.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { refreshDevices, useDevices } from '../../state/devices';
import { DeviceTree } from './DeviceTree';
import { useDelayed } from './useDelayed';

/** Skeleton rows appear only when loading takes longer than this, to avoid flicker (UI.md §1). */
const SKELETON_AFTER_MS = 150;
const SKELETON_ROWS = 6;

export function TreeBody({
  selectedKey,
  notify,
}: {
  selectedKey: string | null;
  notify(t: string): void;
}) {
  const loaded = useDevices((s) => s.loaded);
  const loading = useDevices((s) => s.loading);
  const error = useDevices((s) => s.error);
  const total = useDevices((s) => s.keys.length);
  const skeleton = useDelayed(!loaded && loading, SKELETON_AFTER_MS);
  const t = messages.devices;

  const errorNotice = error ? (
    <div className="devices-list-message">
      <ErrorNotice error={error} title={t.loadError} onRetry={() => void refreshDevices()} />
    </div>
  ) : null;
  if (!loaded) return errorNotice ?? (skeleton ? <TreeSkeleton /> : null);
  return (
    <>
      {errorNotice}
      {total === 0 && <p className="devices-list-message muted">{t.tree.none}</p>}
      <DeviceTree selectedKey={selectedKey} notify={notify} />
    </>
  );
}

function TreeSkeleton() {
  return (
    <div className="tree-skeleton" aria-busy="true" aria-label={messages.common.loading}>
      {Array.from({ length: SKELETON_ROWS }, (_, i) => (
        <div key={i} className="tree-skeleton-row" />
      ))}
    </div>
  );
}
