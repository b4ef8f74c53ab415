/**
 * What the monitor's buttons do to one port: reconfigure (baud remembered by main per board,
 * line ending here per port), clear, pause the display, copy all and save the whole buffer as
 * text (the plotter's rows are the text lines).
 */
import { useState } from 'react';
import type { LineEnding } from '@contract/serialSchemas';
import { copyText } from '../../components/CopyButton';
import { downloadText, fileStamp } from '../../format/download';
import { messages } from '../../messages';
import { clearMonitor, feedOf, openMonitor, setFrozen, useSerial } from '../../state/serial';
import { useSerialSettings, type PortSettings } from '../../state/serialSettings';
import { exportText } from './serialText';

/** How long "Copied" shows after Copy all. */
const COPIED_MS = 1_500;

export function useMonitorCommands(port: string, settings: PortSettings, baud: number) {
  const [copied, setCopied] = useState(false);
  const update = (patch: Partial<PortSettings>): void =>
    useSerialSettings.getState().update(port, patch);
  const rowsView: 'hex' | 'text' = settings.view === 'hex' ? 'hex' : 'text';
  const buffer = (): ReturnType<typeof feedOf>['lines'] =>
    rowsView === 'hex' ? feedOf(port).hex : feedOf(port).lines;
  const wholeText = (): string =>
    exportText(
      buffer().all(),
      rowsView,
      settings.timestamps,
      useSerial.getState().monitors[port]?.partial ?? null,
    );
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
    downloadText(
      messages.serial.fileName(port, fileStamp(Date.now())),
      wholeText(),
      'text/plain;charset=utf-8',
    );
  const copyAll = (): void => {
    void copyText(wholeText()).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), COPIED_MS);
    });
  };
  return {
    copied,
    update,
    rowsView,
    buffer,
    wholeText,
    reconfigure,
    clear,
    togglePause,
    save,
    copyAll,
  };
}
