/**
 * Thinger's alarm assets over REST: rules under `/v1/users/{u}/alarms/rules` and the alarms they
 * raise (Thinger calls them instances) under `/v1/users/{u}/alarms/instances`, the paths
 * Thinger's asset list gives its clients (Node-RED's asset iterator lists both). Each route maps
 * onto one `alarms.*` call; `operation` is the action an access token must be granted on the
 * `AlarmRule` or `AlarmInstance` asset.
 */
import type { RestRoute } from '../routes';
import { ALARMS, on, pick } from './shared';

const RULES = `${ALARMS}/rules`;
const INSTANCES = `${ALARMS}/instances`;
const RULE_FIELDS = [
  'name',
  'description',
  'enabled',
  'severity',
  'source',
  'condition',
  'forSeconds',
];

export const alarmRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: RULES,
    summary: 'Alarm rules [{rule, name, enabled, severity, source, condition, forSeconds}]',
    call: 'alarms.rules',
    operation: 'ListAlarmRules',
    scope: on('AlarmRule', null, 'ListAlarmRules'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { rules: unknown[] }).rules,
  },
  {
    method: 'POST',
    path: RULES,
    summary:
      'Create an alarm rule {rule, name, severity, source: {kind: resource|bucket|connection, …}, condition: {op: above|below|outside|offline, …}, forSeconds}',
    call: 'alarms.createRule',
    operation: 'CreateAlarmRule',
    scope: on('AlarmRule', null, 'CreateAlarmRule'),
    thinger: true,
    input: (p, _q, b) => ({ user: p.user, ...pick(b, ['rule', ...RULE_FIELDS]) }),
  },
  {
    method: 'GET',
    path: `${RULES}/{rule}`,
    summary: 'One alarm rule',
    call: 'alarms.rule',
    operation: 'ReadAlarmRule',
    scope: on('AlarmRule', 'rule', 'ReadAlarmRule'),
    input: (p) => ({ user: p.user, rule: p.rule }),
  },
  {
    method: 'PUT',
    path: `${RULES}/{rule}`,
    summary: 'Change an alarm rule (its alarms are cleared and judged afresh)',
    call: 'alarms.updateRule',
    operation: 'UpdateAlarmRule',
    scope: on('AlarmRule', 'rule', 'UpdateAlarmRule'),
    input: (p, _q, b) => ({ user: p.user, rule: p.rule, ...pick(b, RULE_FIELDS) }),
  },
  {
    method: 'DELETE',
    path: `${RULES}/{rule}`,
    summary: 'Delete an alarm rule and clear its alarms',
    call: 'alarms.removeRule',
    operation: 'DeleteAlarmRule',
    scope: on('AlarmRule', 'rule', 'DeleteAlarmRule'),
    input: (p) => ({ user: p.user, rule: p.rule }),
  },
  {
    method: 'GET',
    path: INSTANCES,
    summary:
      'Alarms listed now [{instance, rule, name, device, severity, state, acknowledged, value, raised}], most severe first',
    call: 'alarms.list',
    operation: 'ListAlarmInstances',
    scope: on('AlarmInstance', null, 'ListAlarmInstances'),
    input: (p) => ({ user: p.user }),
    output: (r) => (r as { alarms: unknown[] }).alarms,
  },
  {
    method: 'GET',
    path: `${ALARMS}/events`,
    summary: 'Alarm events, newest first: ?limit (≤ 500), ?before (an event id), ?instance',
    call: 'alarms.events',
    operation: 'ListAlarmInstances',
    scope: on('AlarmInstance', null, 'ListAlarmInstances'),
    query: [
      { name: 'limit', type: 'integer', description: 'events per page (≤ 500)' },
      { name: 'before', type: 'integer', description: 'events older than this id' },
      { name: 'instance', type: 'string', description: "this alarm's events only" },
    ],
    input: (p, q) => ({
      user: p.user,
      ...(q.get('limit') ? { limit: Number(q.get('limit')) } : {}),
      ...(q.get('before') ? { before: Number(q.get('before')) } : {}),
      ...(q.get('instance') ? { instance: q.get('instance') } : {}),
    }),
    output: (r) => (r as { events: unknown[] }).events,
  },
  {
    method: 'GET',
    path: `${INSTANCES}/{instance}`,
    summary: 'One listed alarm',
    call: 'alarms.get',
    operation: 'ReadAlarmInstance',
    scope: on('AlarmInstance', 'instance', 'ReadAlarmInstance'),
    input: (p) => ({ user: p.user, instance: p.instance }),
  },
  {
    method: 'POST',
    path: `${INSTANCES}/{instance}/acknowledge`,
    summary: 'Acknowledge an alarm (it clears when its condition normalizes)',
    call: 'alarms.acknowledge',
    operation: 'AcknowledgeAlarmInstance',
    scope: on('AlarmInstance', 'instance', 'AcknowledgeAlarmInstance'),
    input: (p) => ({ user: p.user, instance: p.instance }),
  },
  {
    method: 'POST',
    path: `${INSTANCES}/{instance}/clear`,
    summary: 'Take an alarm off the list now',
    call: 'alarms.clear',
    operation: 'ClearAlarmInstance',
    scope: on('AlarmInstance', 'instance', 'ClearAlarmInstance'),
    input: (p) => ({ user: p.user, instance: p.instance }),
  },
  {
    method: 'DELETE',
    path: `${INSTANCES}/{instance}`,
    summary: 'Take an alarm off the list now (as …/clear)',
    call: 'alarms.clear',
    operation: 'ClearAlarmInstance',
    scope: on('AlarmInstance', 'instance', 'ClearAlarmInstance'),
    input: (p) => ({ user: p.user, instance: p.instance }),
  },
];
