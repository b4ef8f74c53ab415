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

/**
 * A reply timer that runs this much later than it was due means this process, or the whole host,
 * was not running for a while (a loaded CI host, a VM losing its CPU, a long GC pause). The board's
 * reply may then be waiting in the port unread: Node runs due timers before it polls for input, so
 * the overdue timer would win over a reply that came in time. Node timers are rarely more than a
 * few ms late; 100 ms is past any such jitter.
 */
const LATE_TIMER_MS = 100;

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
  /** When the armed timer is due, the wait it was armed for, and whether it was extended. */
  let due = 0;
  let armedMs = 0;
  let extended = false;
  let settle!: { resolve: (r: R) => void; reject: (e: FlashError) => void };
  const result = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const armTimer = (ms: number) => {
    clearTimer();
    armedMs = ms;
    extended = false;
    due = performance.now() + ms;
    timer = setTimeout(onTimeout, ms);
  };
  const cleanup = () => {
    clearTimer();
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
    if (step.timer === null) clearTimer();
    else if (step.timer !== undefined) armTimer(step.timer);
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
  /**
   * An overdue timer (LATE_TIMER_MS) gives the board, once per wait, as long again as we were away
   * (at most the wait itself) to have its reply read, so a timeout stays bounded by twice the wait
   * plus the pause; a timer on time is the board's silence.
   */
  const onTimeout = () => {
    const late = performance.now() - due;
    if (late > LATE_TIMER_MS && !extended) {
      const grace = Math.min(late, armedMs);
      due = performance.now() + grace;
      extended = true;
      timer = setTimeout(onTimeout, grace);
      return;
    }
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
