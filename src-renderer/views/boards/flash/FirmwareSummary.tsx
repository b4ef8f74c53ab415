/**
 * The checked firmware (UI.md §3.8): name, size and short SHA-256; an ESP build's layout or a
 * hex file's address range; what board it was built for, and a warning when that is not the
 * board the user came to fix.
 */
import { groupDigits } from '../../../format/bytes';
import { messages } from '../../../messages';
import { useFlashWizard, type ChosenFirmware } from '../../../state/flashing';
import { EspLayout } from './EspLayout';
import { hexAddress, shortSha } from './firmwareFiles';
import { shortBoardName } from './fixes';

export function FirmwareSummary({
  firmware,
  onOffset,
}: {
  firmware: ChosenFirmware;
  onOffset: (file: string, offset: number) => void;
}) {
  const wanted = useFlashWizard((s) => s.wanted);
  const t = messages.flash.firmware;
  const { info } = firmware;
  const target = info.target ?? null;
  const wantedMismatch =
    wanted !== null && info.fits.find((f) => f.board === wanted.board)?.wrongChip === true;
  return (
    <div className="firmware-valid">
      <p>
        <span className="status status-online">
          <span aria-hidden="true">●</span>
        </span>{' '}
        <strong>{firmware.name}</strong> · {groupDigits(info.sizeBytes)} bytes ·{' '}
        <span className="mono" title={info.sha256}>
          SHA-256 {shortSha(info.sha256)}
        </span>
      </p>
      {info.regions ? (
        <>
          <p className="muted">{t.espValid(info.regions.length)}</p>
          <EspLayout regions={info.regions} onOffset={onOffset} />
        </>
      ) : (
        <p className="muted">
          {t.valid} {t.range(hexAddress(info.startAddress), hexAddress(info.endAddress))}
        </p>
      )}
      <p className="muted firmware-target">
        {target ? t.builtFor(target.name, t.builtForHow[target.source]) : t.targetUnknown}
      </p>
      {wantedMismatch && (
        <p className="flash-warn" role="alert">
          <span aria-hidden="true">▲</span> {t.wantedMismatch(shortBoardName(wanted.boardName))}
        </p>
      )}
    </div>
  );
}
