/**
 * The protocol inspector (UI.md §3.5): the frames of every device (or the chosen ones) live, with
 * filters on one line, a virtualised grid, and the selected frame's decoded fields and hex dump
 * below it (12 rows stay on screen at 1280×720). Paused, "Jump to live" sits in the header, so it
 * never covers a row. Frames come through the inspector slice, which batches them and keeps the
 * buffer bounded.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Route } from '../../navigation/router';
import { messages } from '../../messages';
import { useDevices } from '../../state/devices';
import { setSelection, startInspector, useInspector } from '../../state/inspector';
import { FilterBar } from './FilterBar';
import { InspectorDetail, usePairing } from './InspectorDetail';
import { routeDevices } from '../../navigation/inspectorLink';
import { InspectorHeader } from './InspectorHeader';
import { InspectorNotices } from './InspectorNotices';
import { InspectorList } from './InspectorList';
import { useFind } from './useFind';
import { useElementHeight } from '../../components/useElementHeight';
import { useInspectorActions } from './useInspectorActions';
import { useInspectorRows } from './useInspectorRows';
import './inspector.css';

const t = messages.inspector;

export function InspectorView({ route }: { route: Route }) {
  const selection = useMemo(() => routeDevices(route), [route]);
  // The route's devices first, so following starts with the right ones.
  useEffect(() => setSelection(selection), [selection]);
  useEffect(() => startInspector(), []);

  const keys = useDevices((s) => s.keys);
  const known = useDevices((s) => s.devices);
  const devices = useMemo(
    () => keys.map((key) => ({ key, online: known[key]?.status.online ?? false })),
    [keys, known],
  );
  const feeds = useInspector((s) => s.feeds);
  const paused = useInspector((s) => s.paused);
  const pendingShown = useInspector((s) => s.pendingShown);
  const selectedId = useInspector((s) => s.selectedId);
  const followed = useInspector((s) => s.followed);
  const capped = useInspector((s) => s.capped);
  const { select, pause, resume } = useInspector.getState();

  // One box finds and filters: `/` and Mod+F both go to it.
  const filterInput = useRef<HTMLInputElement>(null);
  const [onlyMatching, setOnlyMatching] = useState(true);
  const focusFilter = useCallback(() => filterInput.current?.focus(), []);
  const openFind = useCallback(() => {
    filterInput.current?.focus();
    filterInput.current?.select();
  }, []);
  const actions = useInspectorActions(focusFilter, openFind);

  const { filter, inScope, rows, counts } = useInspectorRows(selection, onlyMatching);

  // The selected frame and its request/answer pair (for the grid's mark).
  const pairedId = usePairing()?.row.id ?? null;

  const find = useFind(rows, filter.text, onlyMatching, selectedId, (id) => {
    pause('scroll');
    select(id);
  });

  const [main, room] = useElementHeight<HTMLDivElement>();
  const single = selection.length === 1 ? (selection[0] ?? null) : null;
  const singleOffline = single !== null && known[single]?.status.online === false;
  const loading = (selection.length ? selection : followed).some((k) => feeds[k]?.loading);
  const live = paused === null;

  return (
    <>
      <InspectorHeader
        actions={actions}
        live={live}
        jump={live ? null : { text: t.jumpToLive(pendingShown), onClick: resume }}
      />
      <div className="inspector">
        <FilterBar
          devices={devices}
          selection={selection}
          counts={counts}
          shown={rows.length}
          total={inScope.length}
          filterInput={filterInput}
          find={{
            at: find.at,
            total: find.total,
            onStep: find.step,
            onlyMatching,
            onOnlyMatching: setOnlyMatching,
          }}
        />

        <InspectorNotices
          scopeKeys={selection.length ? selection : followed}
          inScope={inScope}
          single={singleOffline ? single : null}
          capped={capped && !selection.length}
        />

        <div className="inspector-main" ref={main}>
          <InspectorList
            inScope={inScope}
            rows={rows}
            loading={loading}
            offline={singleOffline ? single : null}
            pairedId={pairedId}
            marked={find.marked}
          />
          {inScope.length > 0 && <InspectorDetail rows={rows} room={room} />}
        </div>
      </div>
    </>
  );
}
