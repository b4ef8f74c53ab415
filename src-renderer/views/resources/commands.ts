/**
 * What a panel or control can do to its resource, with the words the live region announces:
 * run, send (through "Ask before changing" when marked), confirm, cancel.
 */
import { useMemo } from 'react';
import { shapeOf, summaryText, type Value } from '../../model/pson';
import { messages } from '../../messages';
import {
  arm,
  asksBeforeChanging,
  cancelRun,
  confirmArmed,
  disarm,
  resourceKey,
  run,
  useResources,
  type Fn,
  type RunWords,
} from '../../state/resources';
import { panelError } from './panelErrors';

export interface PanelTarget {
  user: string;
  device: string;
  resource: string;
  fn: Fn;
}

const t = messages.device.actuator;

/** "Turn ON relay1?", "Set setpoint to 22?", "Send this input to echo?" */
export function armQuestion(resource: string, input: Value | undefined): string {
  if (input === undefined) return t.armRun(resource);
  if (typeof input === 'boolean') return t.armBoolean(input, resource);
  const shape = shapeOf(input);
  if (shape === 'integer' || shape === 'float' || shape === 'bigint' || shape === 'string')
    return t.armValue(resource, summaryText(input));
  return t.armSend(resource);
}

/** How a value reads in a sentence: booleans as ON/OFF, the rest as shown. */
export const spokenValue = (v: Value | undefined): string =>
  typeof v === 'boolean' ? (v ? t.on : t.off) : summaryText(v);

export interface ResourceCommands {
  key: string;
  words: RunWords;
  asks: boolean;
  /**
   * Sends (or runs with) `input`, arming first when the resource asks before changing; `origin`
   * says where the question shows ('panel' or 'strip').
   */
  request(input: Value | undefined, origin?: string): void;
  confirm(): void;
  /** Disarms, or cancels the call in flight. */
  cancel(): void;
}

export function useResourceCommands(target: PanelTarget): ResourceCommands {
  const { user, device, resource, fn } = target;
  const key = resourceKey(user, device, resource);
  const asks = useResources((s) => asksBeforeChanging(s.ask, key, fn));
  return useMemo(() => {
    const words: RunWords = {
      reported: (v) => t.announceReported(resource, spokenValue(v)),
      done: () => t.announceDone(resource),
      failed: (e) => t.announceFailed(resource, panelError(e).message),
    };
    const ref = { user, device, resource, fn };
    return {
      key,
      words,
      asks,
      request(input, origin) {
        if (!asks || fn === 3) run(ref, input, words);
        else arm(key, input, { armed: t.armed(armQuestion(resource, input)) }, origin);
      },
      confirm: () => confirmArmed(ref, words),
      cancel() {
        disarm(key);
        cancelRun(user, device, resource);
      },
    };
  }, [user, device, resource, fn, key, asks]);
}
