/**
 * A port's buttons: Open monitor, Read chip (where an ESP may be), the ESP tools, Flash…, and
 * Remove for a port added by its path.
 */
import type { BoardProfile } from '@contract/serialSchemas';
import { href, navigate } from '../../../navigation/router';
import { messages } from '../../../messages';
import { useFlashWizard } from '../../../state/flashing';
import { usePorts, type PortRow } from '../../../state/ports';
import { espFamilyOf } from '../esp/espTools';
import { EspToolButtons, type ToolChoice } from './EspToolButtons';

/** Flash…: this port chosen with its board in the wizard, straight to the boards step if the firmware is already read. */
function flashPort(port: PortRow): void {
  const wizard = useFlashWizard.getState();
  wizard.choose(port.path, { selected: true, board: port.board });
  if (wizard.firmware && wizard.step === 'firmware') wizard.set({ step: 'boards' });
  navigate(href('flash'));
}

export function PortActions({
  port,
  boards,
  reading,
  onReadChip,
  onTool,
}: {
  port: PortRow;
  boards: readonly BoardProfile[];
  reading: boolean;
  onReadChip: () => void;
  onTool: (choice: ToolChoice) => void;
}) {
  const t = messages.boards;
  const gone = port.unpluggedAt !== null;
  const flashing = port.state === 'flashing';
  // Read chip where an ESP may be: an ESP board chosen or recognised, or a bridge nobody named.
  const espBoard = boards.find((b) => b.id === port.board)?.protocol === 'esp-rom';
  const mayBeEsp = espBoard || port.family === 'esp' || !port.board || !!port.espChip;
  return (
    <div className="port-actions">
      <button
        type="button"
        className="btn"
        aria-label={t.openMonitorLabel(port.path)}
        disabled={gone}
        onClick={() => navigate(href('serial', port.path))}
      >
        {t.openMonitor}
      </button>
      {mayBeEsp && (
        <button
          type="button"
          className="btn"
          aria-label={t.esp.readLabel(port.path)}
          title={t.esp.readHint}
          disabled={gone || reading || flashing}
          onClick={onReadChip}
        >
          {reading ? t.esp.reading : t.esp.readChip}
        </button>
      )}
      <EspToolButtons
        path={port.path}
        espFamily={!!espFamilyOf(port, boards)}
        busy={gone || flashing}
        onTool={onTool}
      />
      <button
        type="button"
        className="btn"
        aria-label={t.flashLabel(port.path)}
        disabled={gone || flashing}
        onClick={() => flashPort(port)}
      >
        {t.flash}
      </button>
      {port.addedByPath && (
        <button
          type="button"
          className="btn btn-quiet"
          aria-label={t.removeLabel(port.path)}
          onClick={() =>
            void usePorts
              .getState()
              .remove(port.path)
              .catch(() => undefined)
          }
        >
          {t.remove}
        </button>
      )}
    </div>
  );
}
