/**
 * Status-bar items of Boards & Flash (UI.md §2): "2 boards" (to Boards) and, while a job runs,
 * "Flashing 2/3 · 47 %" (to Flash). The status bar is always there, so these keep the ports and
 * jobs slices live for the whole app, and offer the ports to the command palette.
 */
import { useMemo } from 'react';
import type { FlashJobInfo } from '@contract/flashSchemas';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { href, navigate } from '../../navigation/router';
import { messages } from '../../messages';
import { countJob, isRunning, useFlashing } from '../../state/flashing';
import { boardName, boardPorts, presentPorts, usePorts } from '../../state/ports';
import { useFollowBoards } from '../../state/useFollowBoards';

/**
 * "Flashing 2/3 · 47 %" over every running job: boards still running, of all, mean percent
 * ("Backing up 1/1 · 13 %" when every running job is a backup).
 */
export function flashingText(jobs: readonly FlashJobInfo[]): string | null {
  const running = jobs.filter(isRunning);
  if (!running.length) return null;
  const counts = running.map(countJob);
  const total = counts.reduce((s, c) => s + c.total, 0);
  const busy = counts.reduce((s, c) => s + c.running, 0);
  const percent = counts.reduce((s, c) => s + c.percent * c.total, 0) / Math.max(1, total);
  // A backup, restore or erase says so; a mix of jobs is "Flashing".
  const ops = new Set(running.map((j) => j.operation ?? 'flash'));
  const [op] = ops;
  const t = messages.flash.run;
  return t.running(
    busy,
    total,
    percent,
    op !== undefined && ops.size === 1 && op !== 'flash' ? t.doing[op] : undefined,
  );
}

/** The palette jumps to ports by name (UI.md §2): "Open monitor on /dev/ttyACM0 · Arduino Uno". */
function usePortJumps(): void {
  // One string, so the actions are rebuilt only when ports come, go or are renamed.
  const signature = usePorts((s) =>
    presentPorts(s.ports)
      .map(
        (p) => `${p.path}\t${p.kind === 'arduino' ? p.name : (boardName(s.boards, p.board) ?? '')}`,
      )
      .join('\n'),
  );
  const actions = useMemo<Action[]>(() => {
    if (!signature) return [];
    const t = messages.boards.jumps;
    return signature.split('\n').map((line) => {
      const [path = '', name = ''] = line.split('\t');
      return {
        id: `port.monitor:${path}`,
        label: name ? t.monitorNamed(path, name) : t.monitor(path),
        group: t.group,
        perform: () => navigate(href('serial', path)),
      };
    });
  }, [signature]);
  useRegisterActions(actions);
}

export function BoardsStatus() {
  useFollowBoards();
  usePortJumps();
  const count = usePorts((s) => (s.loaded && !s.loadError ? boardPorts(s.ports).length : null));
  const flashing = useFlashing((s) => flashingText(s.jobs));
  return (
    <>
      {count !== null && (
        <button
          type="button"
          className="status-item"
          data-testid="status-boards"
          title={messages.boards.statusTitle}
          onClick={() => navigate(href('boards'))}
        >
          ⌁ {messages.boards.count(count)}
        </button>
      )}
      {flashing && (
        <button
          type="button"
          className="status-item status-job"
          data-testid="status-flashing"
          title={messages.flash.status.title}
          onClick={() => navigate(href('flash'))}
        >
          ↯ {flashing}
        </button>
      )}
    </>
  );
}
