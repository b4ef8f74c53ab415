/**
 * A board's progress bar, named after what it does ("Flashing Arduino Uno on /dev/ttyACM0"),
 * determinate while bytes are counted, with its figures and Cancel while it runs.
 */
import type { FlashBoardState, FlashJobInfo } from '@contract/flashSchemas';
import { api } from '../../../../api/connection';
import { messages } from '../../../../messages';
import type { RowState } from './rowState';

export function ProgressBar({
  job,
  board,
  state,
  percent,
  figures,
}: {
  job: FlashJobInfo;
  board: FlashBoardState;
  state: RowState;
  /** null: indeterminate (no byte count in this phase yet). */
  percent: number | null;
  figures: string;
}) {
  const t = messages.flash.run;
  const phaseWord = messages.flash.phases[board.phase];
  const op = job.operation ?? 'flash';
  const boardOn = messages.flash.boardOn(board.boardName, board.port);
  const barLabel =
    op === 'flash'
      ? t.progressLabel(board.boardName, board.port)
      : messages.espTools.progressLabel[op](boardOn);
  const cancelLabel =
    op === 'flash'
      ? t.cancelLabel(board.boardName, board.port)
      : messages.espTools.cancelLabel[op](boardOn);
  const determinate = percent !== null;
  return (
    <div className="flash-bar-row">
      <div
        role="progressbar"
        aria-label={barLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={determinate ? Math.round(percent) : undefined}
        aria-valuetext={determinate ? `${phaseWord} · ${Math.round(percent)} %` : phaseWord}
        className={`flash-bar flash-bar-${state}${determinate ? '' : ' flash-bar-indeterminate'}`}
      >
        <div
          className="flash-bar-fill"
          style={{ width: determinate ? `${percent}%` : undefined }}
        />
      </div>
      <span className="flash-figures">{figures}</span>
      {state === 'running' && (
        <button
          type="button"
          className="btn"
          aria-label={cancelLabel}
          onClick={() =>
            void api()
              .flash.cancel({ jobId: job.id, port: board.port })
              .catch(() => undefined)
          }
        >
          {t.cancel}
        </button>
      )}
    </div>
  );
}
