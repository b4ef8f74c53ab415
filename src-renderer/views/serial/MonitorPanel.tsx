/**
 * One port's monitor (UI.md §3.9): toolbar (baud, line ending, Text/Hex, Timestamps, Autoscroll,
 * Pause display, Clear, Copy all, Save to file, Search), the status line, the output and the
 * send line. Its operations are action objects: Mod+F search, Space pause, Mod+Shift+E save.
 */
import { useMemo, useState } from 'react';
import type { LineEnding } from '@contract/serialSchemas';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { copyText } from '../../components/CopyButton';
import { messages } from '../../messages';
import { clearMonitor, feedOf, openMonitor, setFrozen, useSerial } from '../../state/serial';
import { settingsOf, useSerialSettings, type PortSettings } from '../../state/serialSettings';
import { usePorts } from '../../state/ports';
import { initialBaud } from '../../state/serialDefaults';
import { downloadText, fileStamp } from '../../format/download';
import { exportText } from './serialText';
import { useMonitorSearch } from './useMonitorSearch';
import { SendLine } from './SendLine';
import { SerialOutput } from './SerialOutput';
import { SerialPlot } from './SerialPlot';
import { MonitorToolbar } from './MonitorToolbar';
import { SerialSearch } from './SerialSearch';
import { SerialSettingsBar } from './SerialSettingsBar';

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
  const [copied, setCopied] = useState(false);
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

  const search = useMonitorSearch(port, rowsView, buffer);
  const { searching, query, current, searchInput } = search;

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
    else search.setSearching(true);
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

  return (
    <section
      id="serial-panel"
      role="tabpanel"
      aria-labelledby={`serial-tab-${port}`}
      className="serial-panel"
    >
      <SerialSettingsBar
        port={port}
        baud={baud}
        lineEnding={settings.lineEnding}
        onChange={reconfigure}
      />
      <MonitorToolbar
        port={port}
        settings={settings}
        update={update}
        paused={frozenAt !== null}
        copied={copied}
        searching={searching}
        on={{ togglePause, clear, copyAll, save, openSearch }}
      />

      {searching && (
        <SerialSearch
          inputRef={searchInput}
          query={query}
          at={search.at}
          total={search.total}
          onQuery={search.setQuery}
          onStep={search.step}
          onClose={search.close}
        />
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
