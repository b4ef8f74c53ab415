/** alarms.*: rules, the alarms they raise, and their events, over AlarmService. */
import { AlarmRuleError, type AlarmService } from '../../alarms/AlarmService';
import { ApiError, ApiErrorCode } from '../../contract';
import type { CallsOf } from './types';

const guard = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AlarmRuleError) throw new ApiError(ApiErrorCode[e.code], e.message);
    throw e;
  }
};

export function createAlarmHandlers(alarms: AlarmService): CallsOf<'alarms'> {
  return {
    'alarms.rules': ({ user }) => ({ rules: alarms.rules(user) }),
    'alarms.rule': ({ user, rule }) => guard(() => alarms.rule(user, rule)),
    'alarms.createRule': ({ user, rule, ...r }) =>
      guard(() =>
        alarms.createRule(user, {
          rule,
          name: r.name,
          description: r.description ?? '',
          enabled: r.enabled ?? true,
          severity: r.severity ?? 'medium',
          source: r.source,
          condition: r.condition,
          forSeconds: r.forSeconds ?? 0,
        }),
      ),
    'alarms.updateRule': ({ user, rule, ...patch }) =>
      guard(() =>
        alarms.updateRule(
          user,
          rule,
          Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        ),
      ),
    'alarms.removeRule': ({ user, rule }) => ({ removed: alarms.removeRule(user, rule) }),
    'alarms.list': ({ user }) => ({ alarms: alarms.alarms(user) }),
    'alarms.get': ({ user, instance }) => guard(() => alarms.alarm(user, instance)),
    'alarms.acknowledge': ({ user, instance }, { caller }) =>
      guard(() => alarms.acknowledge(user, instance, caller)),
    'alarms.clear': ({ user, instance }, { caller }) =>
      guard(() => alarms.clear(user, instance, caller)),
    'alarms.events': ({ user, limit, before, instance }) => ({
      events: alarms.events(user, {
        limit: limit ?? 100,
        ...(before !== undefined ? { before } : {}),
        ...(instance !== undefined ? { instance } : {}),
      }),
    }),
  };
}
