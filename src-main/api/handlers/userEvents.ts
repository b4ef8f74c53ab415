/**
 * The `users.events` topic: one user's events as Thinger's events socket sends them, from the
 * registry (device_state_change), the property store (device_property_update/delete) and the
 * bucket store (bucket_data_write) and the alarm feed (alarm_instance_activate, …_update when
 * acknowledged, …_normalize, …_delete when it leaves the list: Thinger's names).
 */
import type { UserEvent } from '../../contract';
import type { AlarmEventType, AlarmFeed } from '../../core/alarms';
import { psonToJson } from '../../protocol';
import type { DeviceRegistry } from '../../registry/DeviceRegistry';
import type { BucketExports } from '../../serverres/BucketExports';
import type { BucketStore } from '../../serverres/BucketStore';
import type { PropertyStore } from '../../serverres/PropertyStore';
import { Emitter, type Dispose } from '../../util/Emitter';
import type { TopicSources } from '../ApiServer';

const ALARM_EVENT: Record<AlarmEventType, UserEvent['event']> = {
  raised: 'alarm_instance_activate',
  acknowledged: 'alarm_instance_update',
  normalized: 'alarm_instance_normalize',
  cleared: 'alarm_instance_delete',
};

export class UserEventHub {
  private readonly bus = new Emitter<{ event: UserEvent }>();
  private readonly off: Dispose[];

  constructor(
    registry: DeviceRegistry,
    properties: PropertyStore,
    buckets: BucketStore,
    alarms?: AlarmFeed,
    exports?: Pick<BucketExports, 'completed'>,
  ) {
    const state =
      (s: 'connected' | 'disconnected') =>
      (d: { user: string; device: string }): void =>
        this.publish({
          event: 'device_state_change',
          user: d.user,
          device: d.device,
          state: s,
          ts: Date.now(),
        });
    this.off = [
      registry.onOnline(state('connected')),
      registry.onOffline(state('disconnected')),
      properties.changes.on('change', (c) =>
        this.publish({
          event: c.value === null ? 'device_property_delete' : 'device_property_update',
          user: c.user,
          device: c.device,
          property: c.property,
          ...(c.value === null ? {} : { value: psonToJson(c.value) }),
          source: c.source,
          ts: c.ts,
        }),
      ),
      buckets.writes.on('write', (w) =>
        this.publish({
          event: 'bucket_data_write',
          user: w.user,
          bucket: w.bucket,
          device: w.device,
          value: psonToJson(w.data),
          ts: w.ts,
        }),
      ),
      ...(exports
        ? [
            exports.completed.on('done', ({ user, info }) =>
              this.publish({
                event: 'bucket_export_completed',
                user,
                bucket: info.bucket,
                file: info.file,
                // Thinger's form: Node-RED's bucket-export node turns it into
                // /v1/users/{user}/buckets/{bucket}/exports/{file} on this host.
                url: `file://users/${user}/buckets/${info.bucket}/${info.file}`,
                status: info.status,
                ts: info.finished ?? Date.now(),
              }),
            ),
          ]
        : []),
      ...(alarms
        ? [
            alarms.onAlarm((e) =>
              this.publish({
                event: ALARM_EVENT[e.type],
                user: e.alarm.user,
                device: e.alarm.device,
                rule: e.alarm.rule,
                instance: e.alarm.instance,
                severity: e.alarm.severity,
                value: e.alarm.value,
                ...(e.by ? { by: e.by } : {}),
                ts: e.ts,
              }),
            ),
          ]
        : []),
    ];
  }

  publish(e: UserEvent): void {
    this.bus.emit('event', e);
  }

  on(listener: (e: UserEvent) => void): Dispose {
    return this.bus.on('event', listener);
  }

  dispose(): void {
    for (const d of this.off) d();
  }

  source(): Pick<TopicSources, 'users.events'> {
    return {
      'users.events': ({ user }, listener) => {
        const off = this.on((e) => {
          if (e.user === user) listener(e);
        });
        return { resume: () => {}, close: off };
      },
    };
  }
}
