/**
 * The main process's one event emitter: typed events, `on` returns its disposer, no Node `events`
 * (so pure code may use it too). Listeners are called in the order they were added; one added
 * while an event is being emitted hears the next emit, one removed meanwhile is not called again.
 * An event's listener set is dropped with its last listener, so emitters keyed by open-ended names
 * (a port path, a device key) do not keep a set per name they ever saw.
 */
export type Dispose = () => void;
export type Listener<T> = (payload: T) => void;

export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Dispose {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as Listener<never>;
    set.add(l);
    return () => {
      set.delete(l);
      if (set.size === 0 && this.listeners.get(event) === set) this.listeners.delete(event);
    };
  }

  /** Like `on`, for the next emit only. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Dispose {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    if (set.size === 1) {
      (set.values().next().value as Listener<Events[K]>)(payload);
      return;
    }
    for (const l of [...set]) if (set.has(l)) (l as Listener<Events[K]>)(payload);
  }

  has<K extends keyof Events>(event: K): boolean {
    return this.listeners.has(event);
  }

  /** Listeners of `event`, or of all events. */
  listenerCount(event?: keyof Events): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  /** Forgets the listeners of `event`, or every listener (on stop/dispose). */
  clear(event?: keyof Events): void {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
  }
}
