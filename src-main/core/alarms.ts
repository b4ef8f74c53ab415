/**
 * Alarms as the rest of the app sees them: an alarm instance (one rule breaking on one device)
 * and the events of its life. `AlarmFeed` is the seam other services subscribe to (the API's
 * events socket, the MQTT bridge) without knowing the alarm service's class.
 */
import type { Json } from '../protocol';
import type { Dispose } from '../util/Emitter';

type AlarmSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none';

export interface AlarmInstance {
  user: string;
  /** `<rule>@<device>`: one alarm per rule and device. */
  instance: string;
  rule: string;
  /** The rule's name, for lists and notifications. */
  name: string;
  severity: AlarmSeverity;
  device: string;
  /** "temp above 30", "offline". */
  condition: string;
  /** `active`: the condition holds; `normalized`: it no longer does, not yet acknowledged. */
  state: 'active' | 'normalized';
  acknowledged: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  /** The last value that broke the condition. */
  value: Json;
  /** When it was raised (wall-clock ms). */
  raised: number;
  normalized: number | null;
}

/**
 * - `raised`: the condition held for the rule's time (again, after a normalization);
 * - `acknowledged`: someone saw it; `normalized`: the value is back within limits;
 * - `cleared`: it left the active list (acknowledged and normal, cleared by hand, rule removed).
 */
export type AlarmEventType = 'raised' | 'acknowledged' | 'normalized' | 'cleared';

export interface AlarmEvent {
  type: AlarmEventType;
  ts: number;
  /** Who acknowledged or cleared it (`console`, `token:<id>`, `rule removed`…). */
  by?: string;
  alarm: AlarmInstance;
}

/** Alarm events as they happen, for whoever forwards them (events socket, MQTT bridge). */
export interface AlarmFeed {
  onAlarm(listener: (e: AlarmEvent) => void): Dispose;
}
