/**
 * One port's monitor (UI.md §3.9): toolbar (baud, line ending, Text/Hex, Timestamps, Autoscroll,
 * Pause display, Clear, Copy all, Save to file, Search), the status line, the output and the
 * send line. Its operations are action objects: Mod+F search, Space pause, Mod+Shift+E save.
 */
import { useMemo } from 'react';
import { useSerial } from '../../state/serial';
import { settingsOf, useSerialSettings } from '../../state/serialSettings';
import { usePorts } from '../../state/ports';
import { initialBaud } from '../../state/serialDefaults';
import { useMonitorSearch } from './useMonitorSearch';
import { useMonitorActions } from './useMonitorActions';
import { useMonitorCommands } from './useMonitorCommands';
import { SendLine } from './SendLine';
import { SerialOutput } from './SerialOutput';
import { SerialPlot } from './SerialPlot';
import { MonitorToolbar } from './MonitorToolbar';
import { SerialSearch } from './SerialSearch';
import { SerialSettingsBar } from './SerialSettingsBar';

export function MonitorPanel({ port }: { port: string }) {
  const stored = useSerialSettings((s) => s.ports[port]);
  const settings = useMemo(() => ({ ...settingsOf(port), ...stored }), [port, stored]);
  const monitorBaud = useSerial((s) => s.monitors[port]?.baudRate ?? null);
  const frozenAt = useSerial((s) => s.frozenAt[port] ?? null);
  const portRow = usePorts((s) => s.ports.find((p) => p.path === port));
  const baud = monitorBaud ?? initialBaud(portRow);
  const cmd = useMonitorCommands(port, settings, baud);
  const { copied, update, rowsView, wholeText, reconfigure, clear, togglePause, save, copyAll } =
    cmd;

  const search = useMonitorSearch(port, rowsView, cmd.buffer);
  const { searching, query, current, searchInput } = search;
  // The field takes focus as it mounts (autoFocus), so keys typed right after Mod+F land in it.
  const openSearch = (): void => {
    if (searchInput.current) searchInput.current.select();
    else search.setSearching(true);
  };
  useMonitorActions(
    { openSearch, togglePause, save, clear, copyAll },
    port,
    settings.view,
    settings.timestamps,
  );

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
