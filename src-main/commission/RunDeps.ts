/**
 * What a commissioning run needs from the rest of the app, as small interfaces: the composition
 * root (CommissionService) binds them to the broker, the device store and the serial side.
 */
import type { CommissionPlan, PlanTarget } from '../contract/commissionSchemas';
import type { CheckDevice } from './checks/CheckDevice';
import type { CommissionStore } from './CommissionStore';
import type { JoinSource } from './join/waitForJoin';
import type { TargetAdapter } from './steps/adapters';

/** Devices in the broker's registry (SQLite), as provisioning creates or reuses them. */
export interface IdentityRegistry {
  exists(user: string, device: string): boolean;
  /** Registers a device with `credential` (from newCredential; shown to nobody but the board). */
  add(user: string, device: string, name: string, credential: string): Promise<void>;
  newCredential(): string;
  setCredential(user: string, device: string, credential: string): Promise<void>;
  remove(user: string, device: string): void;
}

export interface BrokerFacts {
  /** Where the plan tells devices to dial; `local`: this laptop (the join can be watched). */
  address(plan: CommissionPlan): { host: string; port: number; local: boolean };
  /** Whether a device TCP listener of this broker accepts connections on host:port. */
  listening(host: string, port: number): Promise<boolean>;
  fingerprint: string;
}

export interface RunDeps {
  adapters(target: PlanTarget): TargetAdapter;
  registry: IdentityRegistry;
  store: CommissionStore;
  join: JoinSource;
  checkDevice(user: string, device: string): CheckDevice;
  broker: BrokerFacts;
  appVersion: string;
  now: () => number;
  log?: (line: string) => void;
}
