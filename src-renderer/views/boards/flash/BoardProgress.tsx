/**
 * One board of a flash job (UI.md §3.8): name + port, the phases (Resetting → … → Done), a
 * `progressbar` named "Flashing Arduino Uno on /dev/ttyACM0" (determinate while backing up,
 * writing and verifying; indeterminate before), %, bytes/s, elapsed/remaining, Cancel, the
 * result with its fix, Open serial monitor, and a Log disclosure. The parts are in `progress/`.
 */
import type { FlashBoardState, FlashJobInfo, FlashPhase } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import { messages } from '../../../messages';
import { logKey, useFlashing } from '../../../state/flashing';
import type { ChosenTarget } from './flashTargets';
import { LogDisclosure } from './progress/LogDisclosure';
import { PhaseTrail } from './progress/PhaseTrail';
import { ProgressBar } from './progress/ProgressBar';
import { ResultLine } from './progress/ResultLine';
import { progressFigures, STATE_GLYPH, stateOf, stateWord } from './progress/rowState';
import { useTicking } from './progress/useTicking';

/** Phases whose progress is a byte count: the bar is determinate there. */
const MEASURED: ReadonlySet<FlashPhase> = new Set(['backing-up', 'writing', 'verifying', 'done']);

export function BoardProgress({
  job,
  board,
  boards,
  onRetry,
  onChooseFirmware,
}: {
  job: FlashJobInfo;
  board: FlashBoardState;
  boards: readonly BoardProfile[];
  onRetry: (target: ChosenTarget, maxBaud?: number) => void;
  /** A fix that needs another file: step 1 asks for the firmware built for `board`. */
  onChooseFirmware: (port: string, board: BoardProfile) => void;
}) {
  const state = stateOf(board);
  const heardAt = useFlashing((s) => s.heardAt[logKey(job.id, board.port)] ?? null);
  const now = useTicking(state === 'running');
  // Between progress events (a long sync) the time keeps counting from the last one heard.
  const elapsed =
    board.elapsedMs + (heardAt !== null && now !== null ? Math.max(0, now - heardAt) : 0);
  const determinate = state !== 'running' || MEASURED.has(board.phase);
  const percent = determinate ? Math.max(0, Math.min(100, board.percent)) : null;

  return (
    <li
      className={`flash-row flash-row-${state}`}
      aria-label={messages.flash.boardOn(board.boardName, board.port)}
    >
      <div className="flash-row-head">
        <strong>{board.boardName}</strong>
        <span className="mono muted">{board.port}</span>
        <span className={`flash-row-state flash-state-${state}`}>
          <span aria-hidden="true">{STATE_GLYPH[state]}</span> {stateWord(state, board)}
        </span>
      </div>
      <PhaseTrail job={job} board={board} />
      <ProgressBar
        job={job}
        board={board}
        state={state}
        percent={percent}
        figures={progressFigures(board, state, elapsed, percent)}
      />
      {board.result && (
        <ResultLine
          job={job}
          board={board}
          result={board.result}
          boards={boards}
          onRetry={onRetry}
          onChooseFirmware={onChooseFirmware}
        />
      )}
      <LogDisclosure jobId={job.id} port={board.port} />
    </li>
  );
}
