/**
 * The notices above the inspector's grid: the device list or a device's history could not be
 * read (with Retry), frames were dropped (by the broker or this window), a device's samples were
 * thinned in the broker's history (it streamed too fast), the one followed device is offline,
 * "all devices" follows only the first INSPECTOR_MAX_FOLLOWED.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { refreshDevices, useDevices } from '../../state/devices';
import { INSPECTOR_MAX_FOLLOWED, loadHistory, useInspector } from '../../state/inspector';

const t = messages.inspector;

export function InspectorNotices({
  scopeKeys,
  inScope,
  single,
  capped,
}: {
  /** The devices the view shows: the chosen ones, else those followed. */
  scopeKeys: readonly string[];
  /** The frames of those devices (their `device` is the device key). */
  inScope: readonly { device: string }[];
  /** The one device chosen, when it is offline. */
  single: string | null;
  /** "All devices" covers more than are followed. */
  capped: boolean;
}) {
  const feeds = useInspector((s) => s.feeds);
  const devicesError = useDevices((s) => s.error);
  const droppedKeys = scopeKeys.filter(
    (k) => feeds[k] && (feeds[k].brokerDropped || feeds[k].clientDropped > 0),
  );
  const failed = scopeKeys.flatMap((k) => {
    const error = feeds[k]?.error;
    return error ? [{ key: k, error }] : [];
  });
  const thinned = scopeKeys.flatMap((k) => {
    const samples = feeds[k]?.thinned;
    return samples ? [{ key: k, samples }] : [];
  });
  const [firstThinned] = thinned;
  const onlyDropped = droppedKeys.length === 1 ? droppedKeys[0] : undefined;
  return (
    <div className="inspector-notices">
      {devicesError ? (
        <ErrorNotice
          error={devicesError}
          title={t.listFailed}
          onRetry={() => void refreshDevices()}
        />
      ) : null}
      {failed.map(({ key, error }) => (
        <ErrorNotice
          key={key}
          error={error}
          title={t.readFailed(key)}
          onRetry={() => loadHistory(key)}
        />
      ))}
      {onlyDropped !== undefined && (
        <p className="notice">
          {t.dropped(inScope.filter((r) => r.device === onlyDropped).length, onlyDropped)}
        </p>
      )}
      {droppedKeys.length > 1 && <p className="notice">{t.droppedMany(droppedKeys.length)}</p>}
      {firstThinned && (
        <p className="notice">
          {thinned.length === 1
            ? t.thinned(firstThinned.key, firstThinned.samples)
            : t.thinnedMany(thinned.length, firstThinned.samples.perSecond)}
        </p>
      )}
      {single !== null && inScope.length > 0 && (
        <p className="notice">
          <StatusGlyph status="offline" word={false} /> {t.offline(single)}
        </p>
      )}
      {capped && <p className="notice muted">{t.followCap(INSPECTOR_MAX_FOLLOWED)}</p>}
    </div>
  );
}
