/**
 * The I/O half of a bootloader session: feeds a pure ProtocolMachine with the port's bytes, writes
 * what it asks, and owns its single timer. Nothing else in flash/ touches a timer or a port.
 */
import {
  FlashError,
  portLost,
  ProtocolMachine,
  type MachineEvent,
  type MachineStep,
  type Program,
} from '../protocol';
import type { SerialLink } from '../../serial/SerialLink';

export interface SessionRun<R> {
  readonly result: Promise<R>;
  /** Stops the session; `result` rejects with `reason`, or CANCELLED naming the phase. */
  cancel(reason?: FlashError): void;
}

export function runSession<R>(
  link: SerialLink,
  program: Program<R>,
  onEvent: (event: MachineEvent) => void,
): SessionRun<R> {
  const machine = new ProtocolMachine(program);
  let timer: NodeJS.Timeout | undefined;
  let settle!: { resolve: (r: R) => void; reject: (e: FlashError) => void };
  const result = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));

  const cleanup = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    offData();
    offClose();
  };

  let settled = false;
  const apply = (step: MachineStep<R>) => {
    // Events first: a listener may cancel (a backup that could not be saved), and then the bytes
    // of the next step must not go out.
    for (const e of step.events) {
      onEvent(e);
      if (settled) return;
    }
    if (step.write) link.write(step.write);
    if (step.baud) changeBaud(step.baud);
    if (step.timer !== undefined) {
      if (timer) clearTimeout(timer);
      timer = step.timer === null ? undefined : setTimeout(onTimeout, step.timer);
    }
    if (step.done) {
      settled = true;
      cleanup();
      if (step.done.ok) settle.resolve(step.done.result);
      else settle.reject(step.done.error);
    }
  };
  /** Waits for queued bytes to leave, then sets the speed (a probe puts the old one back). */
  const changeBaud = ({ baudRate, probe }: { baudRate: number; probe: boolean }) => {
    const before = link.baudRate;
    void link
      .drain()
      .then(() => link.setBaudRate(baudRate))
      .then(async () => {
        if (probe) await link.setBaudRate(before);
        return true;
      })
      .catch(() => false)
      .then((ok) => {
        if (!settled) apply(machine.baudChanged(ok));
      });
  };
  const onTimeout = () => {
    timer = undefined;
    apply(machine.timeout());
  };

  const offData = link.onData((bytes) => apply(machine.receive(bytes)));
  const offClose = link.onClose((error) => {
    if (machine.done) return;
    machine.cancel();
    cleanup();
    settled = true;
    settle.reject(portLost(machine.currentPhase, error?.detail ?? error?.message ?? 'port closed'));
  });

  apply(machine.start());
  return {
    result,
    cancel: (reason) => {
      if (machine.done) return;
      const step = machine.cancel();
      if (reason) step.done = { ok: false, error: reason };
      apply(step);
    },
  };
}
