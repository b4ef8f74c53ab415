/**
 * One board in a run: device and port with its result word, the step trail, the reason it
 * failed, the checks that failed (measured against expected), and its buttons.
 */
import { messages } from '../../../messages';
import { BoardActions, type BoardInRun } from './BoardActions';
import { StepTrail } from './StepTrail';

const t = messages.commission;

export function BoardRow({ runId, board, done }: BoardInRun) {
  const failing = board.checks.filter((c) => c.status === 'fail');
  const resultWord =
    board.status === 'pass'
      ? 'PASS'
      : board.status === 'running'
        ? null
        : board.status.toUpperCase();
  return (
    <li
      className={`board-row status-${board.status}`}
      aria-label={t.station.rowLabel(board.port, board.device)}
    >
      <div className="board-id">
        <strong>{board.device ?? '—'}</strong>
        <span className="mono muted small">{board.port}</span>
        {resultWord && (
          <span className={`result-word ${board.status === 'pass' ? 'pass' : 'fail'}`}>
            {board.status === 'pass' ? '●' : '✕'} {resultWord}
          </span>
        )}
      </div>
      <StepTrail steps={board.steps} />
      {board.error && <p className="board-error">{board.error}</p>}
      {failing.length > 0 && (
        <ul className="failing-checks" aria-label={t.results.failing}>
          {failing.map((c) => (
            <li key={c.id}>
              ✕ {c.label}: {t.results.measured(c.measured, c.expected)}
            </li>
          ))}
        </ul>
      )}
      <BoardActions runId={runId} board={board} done={done} />
    </li>
  );
}
