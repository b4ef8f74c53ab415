/**
 * Alarms at work: the I/O around the pure AlarmEngine. Each enabled rule is attached to its
 * source (a stream of the device resource through the StreamHub, bucket writes, the registry's
 * online/offline), one timer confirms conditions that must hold for a while, every event is
 * stored (AlarmStore) before it is announced to `onAlarm` listeners (the events socket, the
 * MQTT bridge). One rule's trouble (a device refusing the stream) costs no other rule.
 */
import { deviceKey } from '../contract/deviceKey';
import type { Broker } from '../broker/Broker';
import type { AlarmEvent, AlarmFeed, AlarmInstance } from '../core/alarms';
import type { Cancel, Scheduler } from '../core/scheduler';
import { psonToJson, type Json } from '../protocol';
import type { BucketStore } from '../serverres/BucketStore';
import type { Subscription } from '../streams/StreamHub';
import { Emitter, type Dispose } from '../util/Emitter';
import { AlarmEngine } from './AlarmEngine';
import { AlarmStore, MAX_RULES_PER_USER } from './AlarmStore';
import { ruleProblem, type AlarmRuleSpec } from './rules';

/** What a rule is made of when created or changed (the store adds user, times). */
export type AlarmRuleInput = Omit<AlarmRuleSpec, 'user' | 'created' | 'modified'>;

export class AlarmRuleError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
    this.name = 'AlarmRuleError';
  }
}

export interface AlarmServiceOptions {
  store: AlarmStore;
  broker: Pick<Broker, 'subscribe' | 'registry'>;
  buckets: Pick<BucketStore, 'writes'>;
  scheduler: Scheduler;
  wallNow: () => number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

const ruleKey = (user: string, rule: string): string => `${user}\u0000${rule}`;

export class AlarmService implements AlarmFeed {
  private engine = new AlarmEngine();
  private readonly bus = new Emitter<{ alarm: AlarmEvent }>();
  /** Enabled rules by user and rule id, with what attaches them to their source. */
  private readonly attached = new Map<string, { spec: AlarmRuleSpec; stream?: Subscription }>();
  private readonly off: Dispose[] = [];
  private timer: Cancel | null = null;
  private started = false;

  constructor(private readonly o: AlarmServiceOptions) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    const specs = new Map(this.o.store.rules().map((s) => [ruleKey(s.user, s.rule), s]));
    const restored: { alarm: AlarmInstance; spec: AlarmRuleSpec }[] = [];
    for (const alarm of this.o.store.listed()) {
      const spec = specs.get(ruleKey(alarm.user, alarm.rule));
      if (spec) restored.push({ alarm, spec });
    }
    this.engine = new AlarmEngine(restored);
    const registry = this.o.broker.registry;
    this.off.push(
      this.o.buckets.writes.on('write', (w) => {
        for (const { spec } of this.attached.values()) {
          const s = spec.source;
          if (s.kind !== 'bucket' || spec.user !== w.user || s.bucket !== w.bucket) continue;
          if (s.device !== '*' && s.device !== w.device) continue;
          this.observe(spec, w.device, psonToJson(w.data));
        }
      }),
      registry.onOnline((d) => this.connection(d.user, d.device, true)),
      registry.onOffline((d) => this.connection(d.user, d.device, false)),
    );
    for (const spec of specs.values()) this.attach(spec);
  }

  stop(): void {
    for (const d of this.off.splice(0)) d();
    for (const a of this.attached.values()) a.stream?.close();
    this.attached.clear();
    this.timer?.();
    this.timer = null;
    this.started = false;
  }

  onAlarm(listener: (e: AlarmEvent) => void): Dispose {
    return this.bus.on('alarm', listener);
  }

  // Rules ---------------------------------------------------------------------------------------

  rules(user: string): AlarmRuleSpec[] {
    return this.o.store.rules(user);
  }

  rule(user: string, rule: string): AlarmRuleSpec {
    const r = this.o.store.rule(user, rule);
    if (!r) throw new AlarmRuleError('NOT_FOUND', `no alarm rule "${rule}"`);
    return r;
  }

  createRule(user: string, input: AlarmRuleInput): AlarmRuleSpec {
    if (this.o.store.rule(user, input.rule))
      throw new AlarmRuleError('CONFLICT', `alarm rule "${input.rule}" exists`);
    if (this.o.store.countRules(user) >= MAX_RULES_PER_USER)
      throw new AlarmRuleError('BAD_REQUEST', `${MAX_RULES_PER_USER} alarm rules already`);
    const now = this.o.wallNow();
    const spec: AlarmRuleSpec = { ...input, user, created: now, modified: now };
    this.check(spec);
    this.o.store.saveRule(spec);
    this.attach(spec);
    return spec;
  }

  /** Changes a rule; its alarms are cleared and its conditions judged afresh. */
  updateRule(
    user: string,
    rule: string,
    patch: Partial<Omit<AlarmRuleInput, 'rule'>>,
  ): AlarmRuleSpec {
    const cur = this.rule(user, rule);
    const spec: AlarmRuleSpec = { ...cur, ...patch, modified: this.o.wallNow() };
    this.check(spec);
    this.detach(user, rule, 'rule changed');
    this.o.store.saveRule(spec);
    this.attach(spec);
    return spec;
  }

  removeRule(user: string, rule: string): boolean {
    this.detach(user, rule, 'rule removed');
    return this.o.store.removeRule(user, rule);
  }

  // Alarms --------------------------------------------------------------------------------------

  alarms(user: string): AlarmInstance[] {
    return this.engine.alarms(user);
  }

  alarm(user: string, instance: string): AlarmInstance {
    const a = this.engine.alarm(user, instance);
    if (!a) throw new AlarmRuleError('NOT_FOUND', `no alarm "${instance}"`);
    return a;
  }

  acknowledge(user: string, instance: string, by: string): AlarmInstance {
    const before = this.alarm(user, instance);
    this.publish(this.engine.acknowledge(user, instance, by, this.o.wallNow()) ?? []);
    return this.engine.alarm(user, instance) ?? { ...before, acknowledged: true };
  }

  clear(user: string, instance: string, by: string): AlarmInstance {
    const before = this.alarm(user, instance);
    this.publish(this.engine.clear(user, instance, by, this.o.wallNow()) ?? []);
    return before;
  }

  events(user: string, options: { limit: number; before?: number; instance?: string }) {
    return this.o.store.events(user, options);
  }

  // Sources -------------------------------------------------------------------------------------

  private check(spec: AlarmRuleSpec): void {
    const problem = ruleProblem(spec);
    if (problem) throw new AlarmRuleError('BAD_REQUEST', problem);
  }

  private attach(spec: AlarmRuleSpec): void {
    if (!spec.enabled || !this.started) return;
    const entry: { spec: AlarmRuleSpec; stream?: Subscription } = { spec };
    this.attached.set(ruleKey(spec.user, spec.rule), entry);
    const s = spec.source;
    if (s.kind === 'resource') {
      entry.stream = this.o.broker.subscribe(spec.user, s.device, s.resource, {
        intervalMs: s.intervalS * 1000,
        onSample: (sample) => this.observe(spec, s.device, psonToJson(sample.payload)),
        onStatus: (st) => {
          if (st.state === 'error')
            this.o.log?.(
              'warn',
              `alarm rule ${spec.rule}: ${s.device} ${s.resource}: ${st.reason}`,
            );
        },
      });
    } else if (s.kind === 'connection') {
      // Judge the connection now: a device already offline starts its confirmation at once.
      const registry = this.o.broker.registry;
      if (s.device === '*') {
        for (const d of registry.list())
          if (d.user === spec.user) this.observe(spec, d.device, d.online);
      } else {
        this.observe(spec, s.device, registry.get(deviceKey(spec.user, s.device))?.online ?? false);
      }
    }
  }

  private detach(user: string, rule: string, why: string): void {
    const key = ruleKey(user, rule);
    this.attached.get(key)?.stream?.close();
    this.attached.delete(key);
    this.publish(this.engine.forget(user, rule, why, this.o.wallNow()));
  }

  private connection(user: string, device: string, online: boolean): void {
    for (const { spec } of this.attached.values()) {
      const s = spec.source;
      if (
        s.kind === 'connection' &&
        spec.user === user &&
        (s.device === '*' || s.device === device)
      )
        this.observe(spec, device, online);
    }
  }

  private observe(spec: AlarmRuleSpec, device: string, value: Json): void {
    this.publish(this.engine.observe(spec, device, value, this.o.wallNow()));
  }

  private publish(events: readonly AlarmEvent[]): void {
    if (events.length) {
      try {
        this.o.store.record(events);
      } catch (e) {
        this.o.log?.(
          'warn',
          `alarms: could not store ${events.length} events: ${(e as Error).message}`,
        );
      }
      for (const e of events) this.bus.emit('alarm', e);
    }
    this.schedule();
  }

  /** One timer: the next confirmation due (a device offline for N seconds sends nothing). */
  private schedule(): void {
    this.timer?.();
    this.timer = null;
    const due = this.engine.nextDue();
    if (due === null || !this.started) return;
    this.timer = this.o.scheduler.setTimeout(
      () => {
        this.timer = null;
        this.publish(this.engine.tick(this.o.wallNow()));
      },
      Math.max(0, due - this.o.wallNow()),
    );
  }
}
