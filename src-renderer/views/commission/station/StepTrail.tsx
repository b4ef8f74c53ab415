/** A board's steps in a run, each as glyph + step + word (or its percent while it runs). */
import type { BoardRunInfo } from '@contract/commissionSchemas';
import { messages } from '../../../messages';
import { STEP_GLYPH } from '../../../model/commissionPlan';

const t = messages.commission.station;

export function StepTrail({ steps }: { steps: BoardRunInfo['steps'] }) {
  return (
    <ol className="step-trail">
      {steps.map((s) => (
        <li key={s.step} className={`step step-${s.status}`} title={s.detail || undefined}>
          <span aria-hidden="true">{STEP_GLYPH[s.status]}</span> {t.steps[s.step]}{' '}
          <span className="step-word">
            {s.status === 'running' && s.percent !== null
              ? `${Math.round(s.percent)} %`
              : t.status[s.status]}
          </span>
        </li>
      ))}
    </ol>
  );
}
