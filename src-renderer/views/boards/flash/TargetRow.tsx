/**
 * One port in step 2: pick it, its board type (also remembered for the port, as on the Boards
 * page), and how the firmware fits that board; unplugged or busy ports say so.
 */
import type { BoardFit } from '@contract/flashSchemas';
import type { BoardId, BoardProfile } from '@contract/serialSchemas';
import { messages } from '../../../messages';
import { useFlashWizard, type TargetChoice } from '../../../state/flashing';
import { usePorts, type PortRow } from '../../../state/ports';
import { portTitle } from '../port/portTitle';
import { boardOf } from './flashTargets';

export function TargetRow({
  port,
  boards,
  choice,
  fits,
}: {
  port: PortRow;
  boards: readonly BoardProfile[];
  choice: TargetChoice | undefined;
  fits: readonly BoardFit[];
}) {
  const t = messages.flash.boards;
  const board = boardOf(choice, port);
  const fit = board ? fits.find((f) => f.board === board) : undefined;
  const gone = port.unpluggedAt !== null;
  const busy = port.state === 'flashing';
  const title = portTitle(port, boards);
  const selected = !!choice?.selected && !gone && !busy;
  const choose = useFlashWizard.getState().choose;

  const pickBoard = (value: string): void => {
    const id = value ? (value as BoardId) : null;
    choose(port.path, { board: id, selected: true });
    // The choice is also remembered for the port, as on the Boards page.
    void usePorts
      .getState()
      .chooseBoard(port.path, id)
      .catch(() => undefined);
  };

  return (
    <div className={`target-row${gone ? ' port-gone' : ''}${selected ? ' target-selected' : ''}`}>
      <label className="bf-check target-pick">
        <input
          type="checkbox"
          checked={selected}
          disabled={gone || busy}
          aria-label={t.pick(title, port.path)}
          onChange={(e) => choose(port.path, { selected: e.target.checked, board })}
        />
        <span aria-hidden="true">
          <strong>{title}</strong> <span className="mono muted">{port.path}</span>
        </span>
      </label>
      <select
        className="field"
        aria-label={t.boardLabel(port.path)}
        value={board ?? ''}
        disabled={gone || busy}
        onChange={(e) => pickBoard(e.target.value)}
      >
        <option value="">{t.chooseBoard}</option>
        {boards.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      <span className={`target-fit${fit && !fit.fits ? ' fit-bad' : ''}`}>
        {gone
          ? t.unplugged
          : busy
            ? t.busy
            : fit
              ? `${fit.fits ? t.fit : fit.wrongChip ? t.wrongChip : t.doesNotFit}: ${fit.text}`
              : board
                ? null
                : t.needsBoard}
      </span>
      {port.state === 'monitor' && !gone && <p className="muted target-note">{t.monitorNote}</p>}
    </div>
  );
}
