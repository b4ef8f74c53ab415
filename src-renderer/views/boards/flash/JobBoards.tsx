/**
 * A job's boards as a list, each with its progress row (BoardProgress): the Flash flow's run step
 * and the ESP tools' dialog show the same list.
 */
import type { ComponentProps } from 'react';
import type { FlashJobInfo } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import { BoardProgress } from './BoardProgress';

export function JobBoards({
  job,
  boards,
  label,
  onRetry,
  onChooseFirmware,
}: {
  job: FlashJobInfo;
  boards: readonly BoardProfile[];
  /** The list's accessible name. */
  label: string;
} & Pick<ComponentProps<typeof BoardProgress>, 'onRetry' | 'onChooseFirmware'>) {
  return (
    <ul className="flash-rows" aria-label={label}>
      {job.boards.map((b) => (
        <BoardProgress
          key={b.port}
          job={job}
          board={b}
          boards={boards}
          onRetry={onRetry}
          onChooseFirmware={onChooseFirmware}
        />
      ))}
    </ul>
  );
}
