/**
 * One port's monitor (UI.md §3.9): toolbar (baud, line ending, Text/Hex, Timestamps, Autoscroll,
 * Pause display, Clear, Copy all, Save to file, Search), the status line, the output and the
 * send line. Its operations are action objects: Mod+F search, Space pause, Mod+Shift+E save.
 */
import { useMemo, useRef, useState } from 'react';
import type { LineEnding } from '@contract/serialSchemas';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { copyText } from '../../components/CopyButton';
import { messages } from '../../messages';
import { clearMonitor, feedOf, openMonitor, setFrozen, useSerial } from '../../state/serial';
import { settingsOf, useSerialSettings, type PortSettings } from '../../state/serialSettings';
import { usePorts } from '../../state/ports';
import { BAUD_RATES, initialBaud } from '../../state/serialDefaults';
import { Check } from '../../components/Check';
import { downloadText, fileStamp } from '../../format/download';
import { exportText, findRows } from './serialText';
import { SendLine } from './SendLine';
import { SerialOutput } from './SerialOutput';
import { SerialPlot } from './SerialPlot';
import { StatusLine } from './StatusLine';

const LINE_ENDINGS: LineEnding[] = ['none', 'lf', 'cr', 'crlf'];

/** Focus on something Space already operates: then Space is that control's, not "pause". */
const spaceIsTaken = (): boolean => {
  const el = document.activeElement;
  return (
    el instanceof HTMLElement &&
    (el.tagName === 'BUTTON' ||
      el.tagName === 'A' ||
      el.tagName === 'SUMMARY' ||
      el.isContentEditable)
  );
};

export function MonitorPanel({ port }: { port: string }) {
  const stored = useSerialSettings((s) => s.ports[port]);
  const settings = useMemo(() => ({ ...settingsOf(port), ...stored }), [port, stored]);
  const monitorBaud = useSerial((s) => s.monitors[port]?.baudRate ?? null);
  const frozenAt = useSerial((s) => s.frozenAt[port] ?? null);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [match, setMatch] = useState(0);
  const [copied, setCopied] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);
  const t = messages.serial;
  const update = (patch: Partial<PortSettings>): void =>
    useSerialSettings.getState().update(port, patch);
  const portRow = usePorts((s) => s.ports.find((p) => p.path === port));
  const baud = monitorBaud ?? initialBaud(portRow);

  // The plotter's rows are the text lines (Copy all, Save and Search read them).
  const rowsView = settings.view === 'hex' ? 'hex' : 'text';
  const buffer = (): ReturnType<typeof feedOf>['lines'] =>
    rowsView === 'hex' ? feedOf(port).hex : feedOf(port).lines;
  const wholeText = (): string =>
    exportText(
      buffer().all(),
      rowsView,
      settings.timestamps,
      useSerial.getState().monitors[port]?.partial ?? null,
    );

  // Main remembers the baud rate per board; the line ending is kept here, per port.
  const reconfigure = (patch: { baudRate?: number; lineEnding?: LineEnding }): void => {
    if (patch.lineEnding) update({ lineEnding: patch.lineEnding });
    const lineEnding = patch.lineEnding ?? settings.lineEnding;
    void openMonitor(port, patch.baudRate ?? baud, lineEnding).catch(() => undefined);
  };
  // Clearing a monitor main already closed has nothing to clear there; the local view is empty.
  const clear = (): void => void clearMonitor(port).catch(() => undefined);
  const togglePause = (): void => {
    const frozen = useSerial.getState().frozenAt[port] ?? null;
    setFrozen(port, frozen === null ? buffer().end : null);
  };
  const save = (): void =>
    downloadText(t.fileName(port, fileStamp(Date.now())), wholeText(), 'text/plain;charset=utf-8');
  const copyAll = (): void => {
    void copyText(wholeText()).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    });
  };
  // The field takes focus as it mounts (autoFocus), so keys typed right after Mod+F land in it.
  const openSearch = (): void => {
    if (searchInput.current) searchInput.current.select();
    else setSearching(true);
  };

  const actions = useMemo<Action[]>(() => {
    const group = t.actions.group;
    return [
      { id: 'serial.search', label: t.actions.search, group, keys: 'Mod+F', perform: openSearch },
      {
        id: 'serial.pause',
        label: t.actions.pause,
        group,
        keys: 'Space',
        enabled: () => !spaceIsTaken(),
        perform: togglePause,
      },
      { id: 'serial.save', label: t.actions.save, group, keys: 'Mod+Shift+E', perform: save },
      { id: 'serial.clear', label: t.actions.clear, group, perform: clear },
      { id: 'serial.copyAll', label: t.actions.copyAll, group, perform: copyAll },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- performers read the latest state
  }, [port, settings.view, settings.timestamps]);
  useRegisterActions(actions);

  // Only a search re-reads the buffer on every batch; otherwise the toolbar stays still.
  const version = useSerial((s) => (searching ? (s.monitors[port]?.version ?? 0) : 0));
  const matches = useMemo(() => {
    const b = buffer();
    return searching ? findRows(b.all(), b.dropped, query, rowsView) : [];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says the buffer changed
  }, [searching, query, settings.view, version, port]);
  const current = matches.length ? matches[Math.min(match, matches.length - 1)]! : null;
  const step = (delta: number): void =>
    setMatch((m) =>
      matches.length
        ? (Math.min(m, matches.length - 1) + delta + matches.length) % matches.length
        : 0,
    );

  return (
    <section
      id="serial-panel"
      role="tabpanel"
      aria-labelledby={`serial-tab-${port}`}
      className="serial-panel"
    >
      <div className="serial-bar" role="group" aria-label={t.settings(port)}>
        <label className="serial-field">
          <span>{t.baud}</span>
          <select
            className="field"
            value={baud}
            onChange={(e) => reconfigure({ baudRate: Number(e.target.value) })}
          >
            {!BAUD_RATES.includes(baud as never) && <option value={baud}>{baud}</option>}
            {BAUD_RATES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label className="serial-field">
          <span>{t.lineEnding}</span>
          <select
            className="field"
            value={settings.lineEnding}
            onChange={(e) => reconfigure({ lineEnding: e.target.value as LineEnding })}
          >
            {LINE_ENDINGS.map((l) => (
              <option key={l} value={l}>
                {t.lineEndings[l]}
              </option>
            ))}
          </select>
        </label>
        <StatusLine port={port} />
      </div>
      <div className="serial-toolbar" role="toolbar" aria-label={t.toolbar(port)}>
        <div className="serial-seg" role="group" aria-label={t.view}>
          {(['text', 'hex', 'plot'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className="btn"
              aria-pressed={settings.view === v}
              onClick={() => update({ view: v })}
            >
              {v === 'text' ? t.text : v === 'hex' ? t.hex : t.plotter}
            </button>
          ))}
        </div>
        <Check
          className="serial-check"
          checked={settings.timestamps}
          onChange={(timestamps) => update({ timestamps })}
          label={t.timestamps}
        />
        <Check
          className="serial-check"
          checked={settings.autoscroll}
          onChange={(autoscroll) => update({ autoscroll })}
          label={t.autoscroll}
        />
        <span className="serial-gap" />
        <button
          type="button"
          className="btn"
          aria-pressed={frozenAt !== null}
          onClick={togglePause}
        >
          {frozenAt !== null ? t.resume : t.pause}
        </button>
        <button type="button" className="btn" onClick={clear}>
          {t.clear}
        </button>
        <button type="button" className="btn" onClick={copyAll}>
          {copied ? messages.common.copied : t.copyAll}
        </button>
        <button type="button" className="btn" onClick={save}>
          {t.save}
        </button>
        <button type="button" className="btn" aria-expanded={searching} onClick={openSearch}>
          {t.search}
        </button>
      </div>

      {searching && (
        <div className="serial-search" role="search">
          <input
            ref={searchInput}
            autoFocus
            className="field"
            type="search"
            aria-label={t.searchLabel}
            placeholder={t.searchPlaceholder}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatch(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                setSearching(false);
                setQuery('');
              }
            }}
          />
          <span className="muted serial-search-count" aria-live="polite">
            {query.trim()
              ? t.searchCount(
                  current === null ? 0 : Math.min(match, matches.length - 1) + 1,
                  matches.length,
                )
              : ''}
          </span>
          <button
            type="button"
            className="btn"
            aria-label={t.searchPrevious}
            disabled={!matches.length}
            onClick={() => step(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn"
            aria-label={t.searchNext}
            disabled={!matches.length}
            onClick={() => step(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            aria-label={t.searchClose}
            onClick={() => {
              setSearching(false);
              setQuery('');
            }}
          >
            ×
          </button>
        </div>
      )}

      {settings.view === 'plot' && !searching ? (
        <SerialPlot port={port} />
      ) : (
        <SerialOutput
          port={port}
          mode={rowsView}
          timestamps={settings.timestamps}
          autoscroll={settings.autoscroll}
          query={searching ? query : ''}
          current={current}
          wholeText={wholeText}
        />
      )}
      <SendLine port={port} />
    </section>
  );
}
