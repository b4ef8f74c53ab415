/**
 * Alarms: threshold rules on a device resource's value, a bucket record's field or a device's
 * connection, the alarms they raise (acknowledge, clear) and the log of alarm events. Field
 * names follow Thinger's alarm assets (`rule`, `name`, `enabled`, `severity`; alarms are
 * `instance`s); the REST routes (api/thinger/alarms.ts) map onto these calls.
 */
import { z } from 'zod';
import { call } from './define';
import { Id, ResourceName, Value } from './schemas';
import { AssetId } from './serverSchemas';

const LOCAL = 5_000;
/** Alarm events one page answers with at most. */
const MAX_ALARM_EVENTS_PAGE = 500;

const UserRef = z.object({ user: Id });
const DeviceOrAll = z.union([Id, z.literal('*')]);
/** `temperature` or `env.temperature`: a field of a JSON object (none: the value itself). */
const FieldPath = z
  .string()
  .regex(/^[A-Za-z0-9_$-]{1,64}(\.[A-Za-z0-9_$-]{1,64}){0,7}$/, 'field names joined by dots');

const AlarmSeverity = z.enum(['critical', 'high', 'medium', 'low', 'none']);

const AlarmSource = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('resource'),
      device: Id,
      resource: ResourceName,
      field: FieldPath.optional(),
      /** How often the device is sampled (seconds). */
      intervalS: z.number().int().min(1).max(86_400),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bucket'),
      bucket: AssetId,
      device: DeviceOrAll,
      field: FieldPath.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('connection'), device: DeviceOrAll }).strict(),
]);

const Threshold = z.number().finite();
const AlarmCondition = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['above', 'below']), value: Threshold }).strict(),
  z.object({ op: z.literal('outside'), min: Threshold, max: Threshold }).strict(),
  z.object({ op: z.literal('offline') }).strict(),
]);

const RuleFields = {
  name: z.string().min(1).max(128),
  description: z.string().max(1024),
  enabled: z.boolean(),
  severity: AlarmSeverity,
  source: AlarmSource,
  condition: AlarmCondition,
  /** The condition must hold this long before the alarm is raised (0: at once). */
  forSeconds: z.number().int().min(0).max(86_400),
};

export const AlarmRule = z.object({
  user: z.string(),
  rule: z.string(),
  ...RuleFields,
  created: z.number(),
  modified: z.number(),
});
export type AlarmRule = z.infer<typeof AlarmRule>;

export const AlarmInstanceInfo = z.object({
  user: z.string(),
  instance: z.string(),
  rule: z.string(),
  name: z.string(),
  severity: AlarmSeverity,
  device: z.string(),
  condition: z.string(),
  state: z.enum(['active', 'normalized']),
  acknowledged: z.boolean(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  value: Value,
  raised: z.number(),
  normalized: z.number().nullable(),
});
export type AlarmInstanceInfo = z.infer<typeof AlarmInstanceInfo>;

export const AlarmEventInfo = z.object({
  id: z.number().int(),
  type: z.enum(['raised', 'acknowledged', 'normalized', 'cleared']),
  ts: z.number(),
  by: z.string().optional(),
  alarm: AlarmInstanceInfo,
});
export type AlarmEventInfo = z.infer<typeof AlarmEventInfo>;

const RuleRef = UserRef.extend({ rule: AssetId });
const InstanceRef = UserRef.extend({ instance: z.string().min(1).max(200) });

export const alarmCalls = {
  'alarms.rules': call({
    summary: "A user's alarm rules",
    request: UserRef.strict(),
    response: z.object({ rules: z.array(AlarmRule) }),
    timeoutMs: LOCAL,
  }),
  'alarms.rule': call({
    summary: 'One alarm rule',
    request: RuleRef.strict(),
    response: AlarmRule,
    timeoutMs: LOCAL,
  }),
  'alarms.createRule': call({
    summary:
      'Create an alarm rule: a source (device resource, bucket field, connection), a condition (above, below, outside, offline) held for forSeconds, a severity',
    request: RuleRef.extend({
      ...RuleFields,
      description: RuleFields.description.optional(),
      enabled: RuleFields.enabled.optional(),
      severity: RuleFields.severity.optional(),
      forSeconds: RuleFields.forSeconds.optional(),
    }).strict(),
    response: AlarmRule,
    timeoutMs: LOCAL,
  }),
  'alarms.updateRule': call({
    summary: "Change an alarm rule; the rule's alarms are cleared and judged afresh",
    request: RuleRef.extend(z.object(RuleFields).partial().shape).strict(),
    response: AlarmRule,
    timeoutMs: LOCAL,
  }),
  'alarms.removeRule': call({
    summary: 'Delete an alarm rule and clear its alarms',
    request: RuleRef.strict(),
    response: z.object({ removed: z.boolean() }),
    timeoutMs: LOCAL,
  }),
  'alarms.list': call({
    summary:
      'Alarms listed now: active ones, and normalized ones nobody acknowledged yet; most severe first',
    request: UserRef.strict(),
    response: z.object({ alarms: z.array(AlarmInstanceInfo) }),
    timeoutMs: LOCAL,
  }),
  'alarms.get': call({
    summary: 'One listed alarm',
    request: InstanceRef.strict(),
    response: AlarmInstanceInfo,
    timeoutMs: LOCAL,
  }),
  'alarms.acknowledge': call({
    summary:
      'Acknowledge an alarm: it stays listed while its condition holds, and clears when it normalizes (at once if it already has)',
    request: InstanceRef.strict(),
    response: AlarmInstanceInfo,
    timeoutMs: LOCAL,
  }),
  'alarms.clear': call({
    summary:
      'Take an alarm off the list now; a condition that still holds raises it again after its confirmation time',
    request: InstanceRef.strict(),
    response: AlarmInstanceInfo,
    timeoutMs: LOCAL,
  }),
  'alarms.events': call({
    summary: `Alarm events (raised, acknowledged, normalized, cleared), newest first; at most ${MAX_ALARM_EVENTS_PAGE} per page, \`before\` an event id pages back`,
    request: UserRef.extend({
      limit: z.number().int().min(1).max(MAX_ALARM_EVENTS_PAGE).optional(),
      before: z.number().int().min(1).optional(),
      instance: z.string().min(1).max(200).optional(),
    }).strict(),
    response: z.object({ events: z.array(AlarmEventInfo) }),
    timeoutMs: LOCAL,
  }),
} as const;
