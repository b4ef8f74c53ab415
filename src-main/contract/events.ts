/**
 * Every event topic between main and the UI. A subscriber sends `params` once and receives
 * `payload`s until it disposes of the subscription (which is the unsubscribe).
 */
import { z } from 'zod';
import { event } from './define';
import { DeviceRef, DeviceStatus, InspectedFrame, ResourceName, StreamEvent } from './schemas';
import { PortChange, PortPath, SerialOutput } from './serialSchemas';
import { FlashEvent } from './flashSchemas';
import { UserEvent } from './serverSchemas';
import { commissionEvents } from './commissionCalls';
import { bridgeEvents } from './bridgeCalls';
import { otaEvents } from './otaCalls';
import { handoverEvents } from './handoverCalls';

/** A day: longer intervals are a schedule, not a stream. */
const MAX_STREAM_INTERVAL_MS = 86_400_000;

export const events = {
  'streams.samples': event({
    summary:
      'Samples of a resource at `intervalMs` (0: every sample the device pushes), and status changes',
    params: DeviceRef.extend({
      resource: ResourceName,
      intervalMs: z.number().int().min(0).max(MAX_STREAM_INTERVAL_MS),
    }).strict(),
    payload: StreamEvent,
  }),
  'inspector.follow': event({
    summary: 'Each frame of a device as it crosses the wire',
    params: DeviceRef.strict(),
    payload: InspectedFrame,
  }),
  'devices.presence': event({
    summary: 'A device came online or went offline',
    params: z.object({}).strict(),
    payload: z.object({ user: z.string(), device: z.string(), status: DeviceStatus }),
  }),
  'ports.changes': event({
    summary:
      'Ports plugged, unplugged or changed (board chosen, monitor opened, flashing), and whether listing ports works',
    params: z.object({}).strict(),
    payload: PortChange,
  }),
  'serial.output': event({
    summary:
      "One port's monitor: its status first, then lines (and raw chunks with `chunks: true`) with host receive times, and status changes; works before the monitor opens and across reopenings",
    params: z
      .object({
        port: PortPath,
        /** Complete lines and the partial line (default true). */
        lines: z.boolean().optional(),
        /** Raw received bytes as hex, for the hex view (default false). */
        chunks: z.boolean().optional(),
      })
      .strict(),
    payload: SerialOutput,
  }),
  'flash.progress': event({
    summary:
      'Flash jobs: job started/finished, per board phase, percent, bytes/s, elapsed, log lines and result; one job or all',
    params: z.object({ jobId: z.string().min(1).max(64).optional() }).strict(),
    payload: FlashEvent,
  }),
  'users.events': event({
    summary:
      "A user's events as Thinger's events socket sends them: device_state_change, device_property_update/delete, bucket_data_write, alarm_instance_activate/update/normalize/delete",
    params: z.object({ user: z.string().min(1).max(128) }).strict(),
    payload: UserEvent,
  }),
  ...commissionEvents,
  ...bridgeEvents,
  ...otaEvents,
  ...handoverEvents,
} as const;

type Events = typeof events;
export type TopicName = keyof Events;
export type TopicParams<T extends TopicName> = z.input<Events[T]['params']>;
export type TopicPayload<T extends TopicName> = z.output<Events[T]['payload']>;

export const topicNames = Object.keys(events) as TopicName[];
export const isTopicName = (name: string): name is TopicName =>
  Object.prototype.hasOwnProperty.call(events, name);
