export * from './avrTarget';
export * from './boards';
export * from './elf';
export * from './FlashError';
export * from './firmware';
export * from './limits';
export * from './ProtocolMachine';
export * from './session';
export * from './target';

import type { Program } from './ProtocolMachine';
import type { SessionPlan, SessionResult } from './session';
import { stk500v1Session } from './stk500v1';
import { stk500v2Session } from './stk500v2';

/** The protocol generator for the plan's board. */
export function sessionFor(plan: SessionPlan): Program<SessionResult> {
  return plan.board.protocol === 'stk500v2' ? stk500v2Session(plan) : stk500v1Session(plan);
}
export * from './esp';
