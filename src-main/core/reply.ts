import type { PsonValue } from '../protocol';

/** The answer to a server request: the device's OK or ERROR fields. */
export interface Reply {
  ok: boolean;
  code?: PsonValue;
  payload?: PsonValue;
}
