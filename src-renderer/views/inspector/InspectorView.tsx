/**
 * The protocol inspector (UI.md §3.5): the frames of every device (or the chosen ones) live, with
 * filters, a virtualised grid, and the selected frame's decoded fields and hex dump. Frames come
 * through the inspector slice, which batches them and keeps the buffer bounded.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isEnabled, type Action } from '../../actions/Action';
import { displayKeys, isMac } from '../../actions/keys';
import type { Route } from '../../navigation/router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StatusGlyph } from '../../components/StatusGlyph';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { refreshDevices, useDevices } from '../../state/devices';
import {
  INSPECTOR_MAX_FOLLOWED,
  loadHistory,
  pvOfDevice,
  setSelection,
  startInspector,
  useInspector,
} from '../../state/inspector';
import { DetailSplitter } from './DetailSplitter';
import { FilterBar } from './FilterBar';
import { FrameDetail } from './FrameDetail';
import { FrameGrid } from './FrameGrid';
import { routeDevices } from '../../navigation/inspectorLink';
import { applyFilter, chipCounts, isNarrowed } from '../../model/inspector/frameFilter';
import { pairOf } from '../../model/inspector/pairing';
import { useInspectorActions } from './useInspectorActions';
import './inspector.css';

const t = messages.inspector;

/** A toolbar button performing an action: short text, the action's label and keys on hover. */
function ActionButton({ action, text }: { action: Action; text: string }) {
  const keys = action.keys ? ` (${displayKeys(action.keys, isMac(navigator.platform))})` : '';
  return (
    <button
      type="button"
      className="btn"
      title={`${action.label}${keys}`}
      disabled={!isEnabled(action)}
      onClick={() => action.perform()}
    >
      {text}
    </button>
  );
}

export function InspectorView({ route }: { route: Route }) {
  const selection = useMemo(() => routeDevices(route), [route]);
  // The route's devices first, so following starts with the right ones.
  useEffect(() => setSelection(selection), [selection]);
  useEffect(() => startInspector(), []);

  const keys = useDevices((s) => s.keys);
  const known = useDevices((s) => s.devices);
  const devicesError = useDevices((s) => s.error);
  const devices = useMemo(
    () => keys.map((key) => ({ key, online: known[key]?.status.online ?? false })),
    [keys, known],
  );
  const feeds = useInspector((s) => s.feeds);
  const frames = useInspector((s) => s.frames);
  const filter = useInspector((s) => s.filter);
  const paused = useInspector((s) => s.paused);
  const pendingShown = useInspector((s) => s.pendingShown);
  const selectedId = useInspector((s) => s.selectedId);
  const followed = useInspector((s) => s.followed);
  const capped = useInspector((s) => s.capped);
  const detailHeight = useInspector((s) => s.detailHeight);
  const { select, pause, resume, resetFilter } = useInspector.getState();

  // One box finds and filters: `/` and Mod+F both go to it.
  const filterInput = useRef<HTMLInputElement>(null);
  const [onlyMatching, setOnlyMatching] = useState(true);
  const focusFilter = useCallback(() => filterInput.current?.focus(), []);
  const openFind = useCallback(() => {
    filterInput.current?.focus();
    filterInput.current?.select();
  }, []);
  const actions = useInspectorActions(focusFilter, openFind);

  const chosen = useMemo(() => (selection.length ? new Set(selection) : null), [selection]);
  const inScope = useMemo(
    () => (chosen ? frames.filter((r) => chosen.has(r.device)) : frames),
    [frames, chosen],
  );
  // Finding (not only matching rows): the other filters apply, the text only marks rows.
  const rowFilter = useMemo(
    () => (onlyMatching ? filter : { ...filter, text: '' }),
    [filter, onlyMatching],
  );
  const rows = useMemo(() => applyFilter(inScope, rowFilter, null), [inScope, rowFilter]);
  const counts = useMemo(() => chipCounts(inScope, rowFilter, null), [inScope, rowFilter]);

  const selectedIndex = selectedId === null ? -1 : frames.findIndex((r) => r.id === selectedId);
  const selected = selectedIndex >= 0 ? frames[selectedIndex] : undefined;
  const pairing = useMemo(
    () => (selectedIndex >= 0 ? pairOf(frames, selectedIndex) : null),
    [frames, selectedIndex],
  );
  const shownIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);

  /** Indices in `rows` of the rows the box's text matches (every row shown, when filtering). */
  const matches = useMemo(() => {
    const terms = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    const out: number[] = [];
    rows.forEach((r, i) => {
      if (terms.every((w) => r.haystack.includes(w))) out.push(i);
    });
    return out;
  }, [rows, filter.text]);
  const marked = useMemo(
    () => new Set(onlyMatching ? [] : matches.map((i) => rows[i]!.id)),
    [matches, rows, onlyMatching],
  );
  const here = rows.findIndex((r) => r.id === selectedId);
  const matchAt = matches.indexOf(here) + 1;
  const step = (dir: 1 | -1): void => {
    if (!matches.length) return;
    const next =
      dir === 1
        ? (matches.find((i) => i > here) ?? matches[0]!)
        : (matches.findLast((i) => here < 0 || i < here) ?? matches[matches.length - 1]!);
    pause('scroll');
    select(rows[next]!.id);
  };

  const single = selection.length === 1 ? selection[0]! : null;
  const singleOffline = single !== null && known[single]?.status.online === false;
  const scopeKeys = selection.length ? selection : followed;
  const droppedKeys = scopeKeys.filter(
    (k) => feeds[k] && (feeds[k].brokerDropped || feeds[k].clientDropped > 0),
  );
  const failed = scopeKeys.filter((k) => feeds[k]?.error);
  const loading = scopeKeys.some((k) => feeds[k]?.loading);
  const live = paused === null;

  return (
    <>
      <ViewHeader title={messages.shell.nav.inspector}>
        <span className="live-state" aria-live="polite">
          {live ? (
            <StatusGlyph status="online" word={false} />
          ) : (
            <span aria-hidden="true" className="paused-glyph">
              ❚❚
            </span>
          )}{' '}
          {live ? t.toolbar.live : t.toolbar.paused}
        </span>
        <ActionButton action={actions.pause} text={live ? t.toolbar.pause : t.toolbar.resume} />
        <ActionButton action={actions.find} text={t.toolbar.find} />
        <ActionButton action={actions.export} text={t.toolbar.export} />
        <ActionButton action={actions.clear} text={t.toolbar.clear} />
      </ViewHeader>
      <div className="inspector">
        <FilterBar
          devices={devices}
          selection={selection}
          counts={counts}
          shown={rows.length}
          total={inScope.length}
          filterInput={filterInput}
          find={{
            at: matchAt,
            total: matches.length,
            onStep: step,
            onlyMatching,
            onOnlyMatching: setOnlyMatching,
          }}
        />

        <div className="inspector-notices">
          {devicesError ? (
            <ErrorNotice
              error={devicesError}
              title={t.listFailed}
              onRetry={() => void refreshDevices()}
            />
          ) : null}
          {failed.map((k) => (
            <ErrorNotice
              key={k}
              error={feeds[k]!.error}
              title={t.readFailed(k)}
              onRetry={() => loadHistory(k)}
            />
          ))}
          {droppedKeys.length === 1 && (
            <p className="notice">
              {t.dropped(
                inScope.filter((r) => r.device === droppedKeys[0]).length,
                droppedKeys[0]!,
              )}
            </p>
          )}
          {droppedKeys.length > 1 && <p className="notice">{t.droppedMany(droppedKeys.length)}</p>}
          {singleOffline && inScope.length > 0 && (
            <p className="notice">
              <StatusGlyph status="offline" word={false} /> {t.offline(single!)}
            </p>
          )}
          {capped && !selection.length && (
            <p className="notice muted">{t.followCap(INSPECTOR_MAX_FOLLOWED)}</p>
          )}
        </div>

        <div className="inspector-main">
          <div className="inspector-list">
            {inScope.length === 0 ? (
              loading ? (
                <p className="muted inspector-loading">{messages.common.loading}</p>
              ) : (
                <EmptyState title={t.empty.title} glyph="≋">
                  <p>{singleOffline ? t.empty.offline(single!) : t.empty.body}</p>
                </EmptyState>
              )
            ) : rows.length === 0 ? (
              <EmptyState title={t.empty.noMatch} glyph="≋">
                <p>{t.empty.noMatchBody}</p>
                {isNarrowed(filter) && (
                  <button type="button" className="btn" onClick={resetFilter}>
                    {t.filter.clear}
                  </button>
                )}
              </EmptyState>
            ) : (
              <FrameGrid
                rows={rows}
                selectedId={selectedId}
                pairedId={pairing?.row.id ?? null}
                marked={marked}
                live={live}
                onSelect={select}
                onLeaveBottom={() => {
                  if (useInspector.getState().paused === null) pause('scroll');
                }}
                onReachBottom={() => {
                  if (useInspector.getState().paused === 'scroll') resume();
                }}
              />
            )}
            {!live && (
              <button type="button" className="btn btn-primary jump-live" onClick={resume}>
                {t.jumpToLive(pendingShown)}
              </button>
            )}
          </div>
          {inScope.length > 0 && (
            <>
              {selected ? <DetailSplitter /> : null}
              {/* Nothing selected: one line of hint, so the rows get the room (1280×720). */}
              <div
                className="inspector-detail"
                style={{ flexBasis: selected ? detailHeight : 'auto' }}
              >
                {selected ? (
                  <FrameDetail
                    key={selected.id}
                    row={selected}
                    pv={pvOfDevice(selected.device)}
                    pairing={pairing}
                    pairingHidden={pairing !== null && !shownIds.has(pairing.row.id)}
                    onSelect={select}
                  />
                ) : (
                  <p className="muted detail-placeholder">{t.empty.pick}</p>
                )}
              </div>
            </>
          )}
        </div>
      </div>
    </>
  );
}
