/**
 * The I/O half of a provisioning session: feeds a pure FrameMachine with the port's bytes, writes
 * what it asks and owns its single timer. Nothing else in provision/ touches a timer or a port.
 */
import type { SerialLink } from '../../serial/SerialLink';
import {
  FrameMachine,
  ProvisionError,
  ProvisionErrorCode,
  type FrameEvent,
  type FrameProgram,
  type FrameStep,
  type Framer,
} from '../protocol';

export interface FrameSession<R> {
  readonly result: Promise<R>;
  cancel(): void;
}

export function runFrameSession<F, R>(
  link: SerialLink,
  framer: Framer<F>,
  program: FrameProgram<F, R>,
  onEvent: (event: FrameEvent) => void = () => {},
): FrameSession<R> {
  const machine = new FrameMachine(framer, program);
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let settle!: { resolve: (r: R) => void; reject: (e: ProvisionError) => void };
  const result = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));

  const cleanup = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    offData();
    offClose();
  };
  const apply = (step: FrameStep<R>) => {
    for (const e of step.events) onEvent(e);
    if (step.write) link.write(step.write);
    if (step.timer !== undefined) {
      if (timer) clearTimeout(timer);
      timer =
        step.timer === null ? undefined : setTimeout(() => apply(machine.timeout()), step.timer);
    }
    if (step.done && !settled) {
      settled = true;
      cleanup();
      if (step.done.ok) settle.resolve(step.done.result);
      else settle.reject(step.done.error);
    }
  };
  const offData = link.onData((bytes) => apply(machine.receive(bytes)));
  const offClose = link.onClose((error) => {
    if (settled) return;
    machine.cancel();
    settled = true;
    cleanup();
    settle.reject(
      new ProvisionError(
        ProvisionErrorCode.PORT_ERROR,
        'the port closed during provisioning: plug the board back in and provision it again',
        { detail: error?.detail ?? error?.message ?? 'port closed' },
      ),
    );
  });
  apply(machine.start());
  return { result, cancel: () => apply(machine.cancel()) };
}
