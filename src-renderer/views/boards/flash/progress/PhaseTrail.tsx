/** The job's phases as a list, the current one marked `aria-current="step"`. */
import type { FlashBoardState, FlashJobInfo } from '@contract/flashSchemas';
import { messages } from '../../../../messages';
import { phaseTrail } from './phases';

export function PhaseTrail({ job, board }: { job: FlashJobInfo; board: FlashBoardState }) {
  return (
    <ol className="phase-trail" aria-label={messages.flash.phaseList}>
      {phaseTrail(job, board).map(({ phase, step }) => (
        <li
          key={phase}
          className={`flash-phase flash-phase-${step}`}
          aria-current={step === 'current' ? 'step' : undefined}
        >
          {messages.flash.phases[phase]}
        </li>
      ))}
    </ol>
  );
}
