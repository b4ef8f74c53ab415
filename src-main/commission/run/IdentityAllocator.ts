/**
 * Device ids for the boards of one run, by the plan's pattern: numbered patterns take the next
 * free number (not in the registry, not in an earlier record, not given to another board of this
 * run); fixed ones (from the MAC or USB serial) are refused or reused as the plan says.
 */
import type { BoardFacts, CommissionPlan } from '../../contract/commissionSchemas';
import { CommissionError } from '../CommissionError';
import { expandIdentity, numbersBoards } from '../identity';
import type { IdentityRegistry } from '../RunDeps';

export class IdentityAllocator {
  private readonly allocated = new Set<string>();
  private nextN: number;

  constructor(
    private readonly identity: CommissionPlan['identity'],
    private readonly registry: Pick<IdentityRegistry, 'exists'>,
    /** Device ids of earlier records of this user. */
    private readonly usedDeviceIds: (user: string) => Set<string>,
  ) {
    this.nextN = identity.start;
  }

  choose(f: BoardFacts): { user: string; device: string } {
    const { identity } = this;
    const user = identity.user;
    const used = this.usedDeviceIds(user);
    const taken = (d: string) => this.allocated.has(d) || this.registry.exists(user, d);
    let device: string;
    if (numbersBoards(identity.pattern)) {
      for (;;) {
        device = expandIdentity(identity.pattern, {
          n: this.nextN++,
          mac: f.mac,
          usbSerial: f.usbSerial,
        });
        if (!taken(device) && !used.has(device)) break;
      }
    } else {
      device = expandIdentity(identity.pattern, { mac: f.mac, usbSerial: f.usbSerial });
      if (this.allocated.has(device))
        throw new CommissionError(
          'DUPLICATE',
          `another board of this run is ${user}/${device} already`,
        );
      if (this.registry.exists(user, device) && identity.onExisting === 'refuse')
        throw new CommissionError(
          'DUPLICATE',
          `${user}/${device} exists already: remove it, or set the plan to reuse existing identities`,
        );
    }
    this.allocated.add(device);
    return { user, device };
  }
}
