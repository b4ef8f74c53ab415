/**
 * Drives a protocol machine against a scripted peer, byte by byte, for unit tests: each step
 * lists the bytes the machine must write and the bytes (or a timeout) the peer answers with.
 */
import { expect } from 'vitest';
import {
  ProtocolMachine,
  type MachineEvent,
  type MachineStep,
  type Program,
} from './ProtocolMachine';

type Reply = number[] | 'timeout';
export interface ScriptStep {
  /** Bytes the machine must have written since the previous step (hex string or bytes). */
  expect: string | number[];
  reply: Reply;
}

export const hex = (s: string): number[] =>
  s
    .replace(/\s+/g, '')
    .match(/../g)
    ?.map((b) => parseInt(b, 16)) ?? [];

export const toHex = (b: ArrayLike<number>): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export interface RunOutcome<R> {
  done: NonNullable<MachineStep<R>['done']>;
  events: MachineEvent[];
  /** Timers the machine asked for, in order (null = cleared). */
  timers: (number | null)[];
}

/**
 * Runs `program` through the script. Replies are fed one byte at a time, so frames split across
 * reads are covered. Fails the test if the machine writes anything other than the script says.
 */
export function runScript<R>(program: Program<R>, script: ScriptStep[]): RunOutcome<R> {
  const machine = new ProtocolMachine(program);
  const events: MachineEvent[] = [];
  const timers: (number | null)[] = [];
  let written: number[] = [];
  const take = (step: MachineStep<R>) => {
    if (step.write) written.push(...step.write);
    if (step.timer !== undefined) timers.push(step.timer);
    events.push(...step.events);
    return step.done;
  };
  let done = take(machine.start());
  for (const [i, s] of script.entries()) {
    if (done) throw new Error(`machine finished before script step ${i}: ${JSON.stringify(done)}`);
    const want = typeof s.expect === 'string' ? hex(s.expect) : s.expect;
    expect(toHex(written), `bytes written before step ${i}`).toBe(toHex(want));
    written = [];
    if (s.reply === 'timeout') {
      done = take(machine.timeout());
    } else {
      for (const b of s.reply) {
        done = take(machine.receive(Uint8Array.of(b)));
        if (done) break;
      }
    }
  }
  if (!done) throw new Error(`script ended but the machine waits; it wrote ${toHex(written)}`);
  return { done, events, timers };
}
