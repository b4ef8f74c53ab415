/**
 * Serial provisioning of a board by port path (docs/serial-provisioning.md): the identity stored
 * and read back, or what the board holds now.
 */
import {
  lineFramer,
  provisionProgram,
  readBackProgram,
  type DeviceIdentity,
  type SerialProvisionResult,
  type SerialReadBack,
} from '../protocol';
import { runOnPort, type PortSessionDeps } from './portSession';

/** Writes `identity` to the board on `path` and proves it was stored (rejects with a ProvisionError). */
export function provisionSerial(
  path: string,
  identity: DeviceIdentity,
  deps: PortSessionDeps,
): Promise<SerialProvisionResult> {
  return runOnPort(path, 'provisioning', lineFramer(), provisionProgram(identity), deps);
}

/** What the board on `path` holds (plain fields; secrets are never read back). */
export function readSerialIdentity(path: string, deps: PortSessionDeps): Promise<SerialReadBack> {
  return runOnPort(path, 'provisioning', lineFramer(), readBackProgram(), deps);
}
