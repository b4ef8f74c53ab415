/**
 * The registry side of provisioning one board, so that nothing is half-written: a new device is
 * registered before the board is written (it is accepted as soon as it boots); an existing one
 * gets its new credential only once the board holds it (the old one keeps working until then).
 * A failure rolls back what the board cannot hold, and every state is stated in the record.
 */
import { deviceKey } from '../../contract/deviceKey';
import type { IdentityRegistry } from '../RunDeps';

export class IdentityTransaction {
  private existed = false;
  private created = false;
  /** Why registering the new device failed (it is not in the registry). */
  private refused: string | null = null;
  credential = '';
  /** The board holds the credential and the registry has it. */
  committed = false;

  constructor(
    private readonly registry: IdentityRegistry,
    private readonly user: string,
    private readonly device: string,
    /** Stores the record's registryState sentence. */
    private readonly state: (registryState: string) => void,
  ) {}

  private get key(): string {
    return deviceKey(this.user, this.device);
  }

  /**
   * Draws a fresh credential at once and, for a new device, begins registering it: its slow
   * salted hash (one at a time on a 2-core laptop, SlowHashPool) runs while the board is being
   * written instead of before. `registered` settles when the registry has the device; it rejects
   * with the registry's error (the device is then not registered).
   */
  start(name: string): { credential: string; registered: Promise<void> } {
    this.existed = this.registry.exists(this.user, this.device);
    this.credential = this.registry.newCredential();
    if (this.existed) return { credential: this.credential, registered: Promise.resolve() };
    const registered = this.registry.add(this.user, this.device, name, this.credential).then(
      () => {
        this.created = true;
        this.state(`${this.key} registered with a new credential, not yet written to the board`);
      },
      (e: unknown) => {
        this.refused = e instanceof Error ? e.message : String(e);
        throw e;
      },
    );
    return { credential: this.credential, registered };
  }

  /** Registers a new device (fresh credential) or draws a new credential for an existing one. */
  async begin(name: string): Promise<string> {
    const { credential, registered } = this.start(name);
    await registered;
    return credential;
  }

  /** The board holds the credential (verified): the registry takes it. */
  async commit(readBack: boolean): Promise<void> {
    if (this.existed) await this.registry.setCredential(this.user, this.device, this.credential);
    this.committed = true;
    this.state(
      `${this.key} registered; the board holds its credential${readBack ? ' (read back)' : ''}`,
    );
  }

  /** Writing failed; `written`: the board may hold the new values already. */
  rollback(written: boolean): void {
    if (this.refused !== null) {
      this.state(
        written
          ? `${this.key} not registered (${this.refused}); the board may hold a credential the registry does not know: provision it again`
          : `${this.key} not registered (${this.refused}); the board holds no credential from this run`,
      );
    } else if (this.created && !written) {
      this.registry.remove(this.user, this.device);
      this.created = false;
      this.state(`${this.key} removed again: the board holds no credential from this run`);
    } else if (this.created) {
      this.state(
        `${this.key} stays registered: the board may hold its new credential (provisioning failed after writing); provision it again`,
      );
    } else {
      this.state(
        written
          ? `${this.key} keeps its old credential in the registry; the board may hold a new one (provisioning failed after writing): provision it again`
          : `${this.key} unchanged: it keeps its old credential`,
      );
    }
  }
}
