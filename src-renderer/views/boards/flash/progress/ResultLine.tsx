/**
 * How a board's job ended, in words, the backup file it saved, the fix for a failure (switch
 * board, retry in the loader, retry slower, choose firmware) and Open serial monitor.
 */
import type { FlashBoardState, FlashJobInfo } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import { groupDigits } from '../../../../format/bytes';
import { sentence } from '../../../../format/sentence';
import { messages } from '../../../../messages';
import { href, navigate } from '../../../../navigation/router';
import type { ChosenTarget } from '../flashTargets';
import { fixFor, shortBoardName, type BoardFix } from '../fixes';

function fixLabel(fix: BoardFix): string {
  const t = messages.flash.run;
  const name = shortBoardName(fix.board.name);
  switch (fix.kind) {
    case 'switch-retry':
      return t.switchAndRetry(name);
    case 'switch-choose':
      return t.switchAndChoose(name);
    case 'choose-firmware':
      return t.chooseFirmwareFor(name);
    case 'retry':
      return t.retryInLoader;
    case 'retry-slower':
      return t.retryAt(groupDigits(fix.baud));
  }
}

export function ResultLine({
  job,
  board,
  result,
  boards,
  onRetry,
  onChooseFirmware,
}: {
  job: FlashJobInfo;
  board: FlashBoardState;
  /** `board.result`, there when the line shows. */
  result: NonNullable<FlashBoardState['result']>;
  boards: readonly BoardProfile[];
  onRetry: (target: ChosenTarget, maxBaud?: number) => void;
  onChooseFirmware: (port: string, board: BoardProfile) => void;
}) {
  const t = messages.flash.run;
  const found = fixFor(result, board.board, boards, job.firmware.target);
  // The ESP tools have no firmware to choose: only the fixes that run the same job again.
  const fix =
    (job.operation ?? 'flash') === 'flash' ||
    (found && found.kind !== 'switch-choose' && found.kind !== 'choose-firmware')
      ? found
      : null;
  return (
    <div className="flash-result">
      {result.ok ? (
        <p className="result-ok">{result.summary}</p>
      ) : (
        <p className={result.error.code === 'CANCELLED' ? 'result-cancelled' : 'result-failed'}>
          {sentence(result.error.message)}
        </p>
      )}
      {result.backupFile && <p className="muted mono">{t.backupSaved(result.backupFile)}</p>}
      <div className="row">
        {fix && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() =>
              fix.kind === 'switch-retry' || fix.kind === 'retry'
                ? onRetry({ port: board.port, board: fix.board.id })
                : fix.kind === 'retry-slower'
                  ? onRetry({ port: board.port, board: fix.board.id }, fix.baud)
                  : onChooseFirmware(board.port, fix.board)
            }
          >
            {fixLabel(fix)}
          </button>
        )}
        <button
          type="button"
          className="btn"
          aria-label={t.openMonitorLabel(board.port)}
          onClick={() => navigate(href('serial', board.port))}
        >
          {t.openMonitor}
        </button>
      </div>
    </div>
  );
}
