import type { Session } from './Session';

/**
 * The one live session per device (`user/device`), newest wins (§6.1). Its own object so the
 * broker writes it and the stream hub reads it without either building the other.
 */
export class LiveSessions {
  private readonly byKey = new Map<string, Session>();

  get(key: string): Session | undefined {
    return this.byKey.get(key);
  }

  set(key: string, session: Session): void {
    this.byKey.set(key, session);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
