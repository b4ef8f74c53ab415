/**
 * Step 1, Firmware (UI.md §3.8): drop a .hex or the .bin files of an ESP build, or Browse; the
 * files are checked by main at once (useFirmwareReader), so errors name the line (or the image)
 * before any board is touched. ESP files show their flash layout, with an offset to change per
 * file (FirmwareSummary). Files come in by drop or Browse (FirmwareDrop). Next stays disabled
 * until the firmware is valid. The Recent list chooses a file again in one click.
 */
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';
import { useFlashWizard } from '../../../state/flashing';
import { FirmwareDrop } from './FirmwareDrop';
import { FirmwareSummary } from './FirmwareSummary';
import { shortBoardName } from './fixes';
import { RecentFirmwareList } from './RecentFirmwareList';
import { useFirmwareReader } from './useFirmwareReader';

export function FirmwareStep({ onNext }: { onNext: () => void }) {
  const firmware = useFlashWizard((s) => s.firmware);
  const wanted = useFlashWizard((s) => s.wanted);
  const { reading, inspect, readFiles, setOffset } = useFirmwareReader();
  const t = messages.flash.firmware;

  return (
    <div className="firmware-step">
      {wanted && (
        <p className="flash-wanted" role="status">
          <span aria-hidden="true">▲</span>{' '}
          {t.wanted(shortBoardName(wanted.boardName), wanted.port)}{' '}
          {wanted.previous ? t.wantedPrevious(wanted.previous) : null}
        </p>
      )}
      <FirmwareDrop onFiles={(files) => void readFiles(files)} />

      <div aria-live="polite" className="firmware-state">
        {reading.kind === 'reading' && <p className="muted">{t.reading(reading.name)}</p>}
        {reading.kind === 'failed' && <ErrorNotice error={reading.error} />}
        {reading.kind === 'idle' && firmware && (
          <FirmwareSummary
            firmware={firmware}
            onOffset={(file, offset) => void setOffset(file, offset)}
          />
        )}
      </div>

      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!firmware || reading.kind === 'reading'}
          aria-describedby={firmware ? undefined : 'firmware-required'}
          onClick={() => {
            useFlashWizard.getState().set({ wanted: null });
            onNext();
          }}
        >
          {messages.flash.steps.next}
        </button>
        {!firmware && (
          <span id="firmware-required" className="muted">
            {t.required}
          </span>
        )}
      </div>

      <RecentFirmwareList onUse={(name, text) => void inspect(name, text)} />
    </div>
  );
}
