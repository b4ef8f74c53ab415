/**
 * Runs a provisioning program on a port by path: takes the port's lease (a serial monitor on it
 * pauses, as for flashing), opens it, runs, closes and gives the lease back in `finally`.
 */
import { isSerialError } from '../../serial/SerialError';
import { openSerialLink, type SerialLink, type SerialOpener } from '../../serial/SerialLink';
import type { PortLeases } from '../../serial/SerialPortLease';
import {
  ProvisionError,
  ProvisionErrorCode,
  type FrameEvent,
  type FrameProgram,
  type Framer,
} from '../protocol';
import { runFrameSession } from './runFrameSession';

export interface PortSessionDeps {
  readonly leases: PortLeases;
  readonly open?: SerialOpener;
  /** Log lines (never secrets): device output, requests, the outcome. */
  readonly onLog?: (line: string) => void;
  /** Stops the session; the promise rejects with CANCELLED. */
  readonly signal?: AbortSignal;
}

/** The serial speed of both protocols (Arduino sketches and ESP firmware default to it). */
const PROVISIONING_BAUD = 115200;

function portError(e: unknown): ProvisionError {
  if (e instanceof ProvisionError) return e;
  if (isSerialError(e)) {
    return new ProvisionError(ProvisionErrorCode.PORT_ERROR, e.message, { detail: e.detail });
  }
  return new ProvisionError(ProvisionErrorCode.PORT_ERROR, 'could not use the port', {
    detail: e instanceof Error ? e.message : String(e),
  });
}

export async function runOnPort<F, R>(
  path: string,
  label: string,
  framer: Framer<F>,
  program: FrameProgram<F, R>,
  deps: PortSessionDeps,
): Promise<R> {
  const open = deps.open ?? openSerialLink;
  const lease = await deps.leases
    .takeOver(path, { kind: 'provisioner', label })
    .catch((e: unknown) => {
      throw portError(e);
    });
  let link: SerialLink | undefined;
  try {
    link = await open(lease.path, { baudRate: PROVISIONING_BAUD }).catch((e: unknown) => {
      throw portError(e);
    });
    const session = runFrameSession(link, framer, program, (e: FrameEvent) => deps.onLog?.(e.line));
    const onAbort = () => session.cancel();
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    if (deps.signal?.aborted) session.cancel();
    try {
      return await session.result;
    } finally {
      deps.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await link?.close();
    lease.release();
  }
}
