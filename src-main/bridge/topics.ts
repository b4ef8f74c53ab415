/**
 * The bridge's topic layout (docs/bridge.md), in one place so publishers, the command parser and
 * the docs agree:
 *
 *   <prefix>/$bridge/<clientId>                     bridge online/offline (retained, last will)
 *   <prefix>/<user>/<device>/$status                device online/offline (retained)
 *   <prefix>/<user>/<device>/<resource>             stream samples and outputs
 *   <prefix>/<user>/<device>/$property/<name>       property changes (retained)
 *   <prefix>/<user>/<device>/$bucket/<bucket>       bucket writes
 *   <prefix>/<user>/<device>/$alarm/<rule>          alarm events (retained while standing)
 *   <prefix>/<user>/<device>/<resource>/set         command in: run with the payload as input
 *   <prefix>/<user>/<device>/<resource>/run         command in: run (payload optional)
 *   <prefix>/<user>/<device>/<resource>/reply       the command's result (MQTT 3.1.1 peers; v5
 *                                                   peers get it on their response topic)
 *
 * Users, devices and resources are one topic level each: a name holding `/`, `+`, `#` or
 * starting with `$` is not bridged (it would read as another topic).
 */

export type CommandVerb = 'set' | 'run';

/** A name that can stand as one topic level of the layout. */
export function topicLevelOk(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 256 &&
    !name.startsWith('$') &&
    !/[/+#]/.test(name) &&
    !name.includes('\u0000') // MQTT forbids U+0000 in topic names
  );
}

export class BridgeTopics {
  constructor(
    readonly prefix: string,
    readonly clientId: string,
  ) {}

  bridge(): string {
    return `${this.prefix}/$bridge/${this.clientId}`;
  }

  status(user: string, device: string): string {
    return `${this.prefix}/${user}/${device}/$status`;
  }

  sample(user: string, device: string, resource: string): string {
    return `${this.prefix}/${user}/${device}/${resource}`;
  }

  property(user: string, device: string, property: string): string {
    return `${this.prefix}/${user}/${device}/$property/${property}`;
  }

  bucket(user: string, device: string, bucket: string): string {
    return `${this.prefix}/${user}/${device}/$bucket/${bucket}`;
  }

  alarm(user: string, device: string, rule: string): string {
    return `${this.prefix}/${user}/${device}/$alarm/${rule}`;
  }

  reply(user: string, device: string, resource: string): string {
    return `${this.prefix}/${user}/${device}/${resource}/reply`;
  }

  /** What the bridge subscribes to when commands are on. */
  commandFilters(): string[] {
    return [`${this.prefix}/+/+/+/set`, `${this.prefix}/+/+/+/run`];
  }

  /** A command topic's parts, or null for anything else (our own topics included). */
  parseCommand(
    topic: string,
  ): { user: string; device: string; resource: string; verb: CommandVerb } | null {
    if (!topic.startsWith(`${this.prefix}/`)) return null;
    const parts = topic.slice(this.prefix.length + 1).split('/');
    if (parts.length !== 4) return null;
    const [user, device, resource, verb] = parts as [string, string, string, string];
    if (verb !== 'set' && verb !== 'run') return null;
    if (![user, device, resource].every(topicLevelOk)) return null;
    return { user, device, resource, verb };
  }
}

/** Device patterns: `*` (all), `user` or `user/*` (an account), `user/device`; `*` as the user matches any. */
export function deviceSelected(patterns: readonly string[], user: string, device: string): boolean {
  return patterns.some((p) => {
    if (p === '*') return true;
    const [pu, pd] = p.split('/');
    return (pu === '*' || pu === user) && (pd === undefined || pd === '*' || pd === device);
  });
}
