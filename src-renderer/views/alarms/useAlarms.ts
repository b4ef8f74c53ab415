/**
 * A user's alarms, rules and latest events, read once the link is up and again after it comes
 * back (alarms raised meanwhile). Live: each alarm event on the user's events topic reloads them,
 * so an alarm shows up the moment it is raised.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AlarmEventInfo, AlarmInstanceInfo, AlarmRule } from '@contract/alarmCalls';
import { api, useConnection } from '../../api/connection';

const EVENTS_SHOWN = 30;

export interface Alarms {
  alarms: AlarmInstanceInfo[];
  /** null until read. */
  rules: AlarmRule[] | null;
  events: AlarmEventInfo[];
  error: unknown;
  setError(error: unknown): void;
  load(): Promise<void>;
  /** Runs a change, then reads everything again; a failure is shown as the error. */
  act(fn: () => Promise<unknown>): Promise<void>;
}

export function useAlarms(user: string): Alarms {
  const [alarms, setAlarms] = useState<AlarmInstanceInfo[]>([]);
  const [rules, setRules] = useState<AlarmRule[] | null>(null);
  const [events, setEvents] = useState<AlarmEventInfo[]>([]);
  const [error, setError] = useState<unknown>(null);

  const fetchAll = useCallback(
    () =>
      Promise.all([
        api().alarms.list({ user }),
        api().alarms.rules({ user }),
        api().alarms.events({ user, limit: EVENTS_SHOWN }),
      ]),
    [user],
  );
  const apply = useCallback(([a, r, e]: Awaited<ReturnType<typeof fetchAll>>): void => {
    setAlarms(a.alarms);
    setRules(r.rules);
    setEvents(e.events);
    setError(null);
  }, []);
  const load = useCallback(
    (): Promise<void> => fetchAll().then(apply, (e: unknown) => setError(e)),
    [fetchAll, apply],
  );

  const online = useConnection((c) => c.link === 'online');
  useEffect(() => {
    if (!online) return;
    let live = true;
    const refresh = (): void =>
      void fetchAll().then(
        (r) => live && apply(r),
        (e: unknown) => live && setError(e),
      );
    refresh();
    const off = api().on('users.events', { user }, (e) => {
      if (e.event.startsWith('alarm_')) refresh();
    });
    return () => {
      live = false;
      off();
    };
  }, [online, user, fetchAll, apply]);

  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e);
    }
  };

  return { alarms, rules, events, error, setError, load, act };
}
