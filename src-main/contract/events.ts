/**
 * Every event topic between main and the UI. A subscriber sends `params` once and receives
 * `payload`s until it disposes of the subscription (which is the unsubscribe).
 */
import { z } from 'zod';
import { event } from './define';
import { DeviceRef, DeviceStatus, InspectedFrame, ResourceName, StreamEvent } from './schemas';

/** A day: longer intervals are a schedule, not a stream. */
export const MAX_STREAM_INTERVAL_MS = 86_400_000;

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
} as const;

export type Events = typeof events;
export type TopicName = keyof Events;
export type TopicParams<T extends TopicName> = z.input<Events[T]['params']>;
export type TopicPayload<T extends TopicName> = z.output<Events[T]['payload']>;

export const topicNames = Object.keys(events) as TopicName[];
export const isTopicName = (name: string): name is TopicName =>
  Object.prototype.hasOwnProperty.call(events, name);
