/**
 * Commands from the cluster: `…/<resource>/set` and `…/run` run the resource on the device, and
 * the result goes to the MQTT 5 response topic (with the correlation data echoed) or, for an
 * MQTT 3.1.1 peer, to `…/reply`. A bad command is answered and nothing else happens.
 */
import type { IPublishPacket } from 'mqtt';
import type { Broker } from '../broker/Broker';
import { BrokerError } from '../broker/errors';
import { psonToJson, type PsonValue } from '../protocol';
import { parseInput, replyPayload } from './payloads';
import type { BridgeTopics } from './topics';

/** Commands from the cluster running on devices at once; more are answered "busy". */
const MAX_PENDING_COMMANDS = 64;

export interface CommandRunnerOptions {
  broker: Pick<Broker, 'run'>;
  topics: BridgeTopics;
  /** Whether the device is bridged (the settings' device patterns). */
  selected: (user: string, device: string) => boolean;
  /** Publishes a reply in the bridge's ordered stream. */
  reply: (topic: string, payload: (seq: number) => string, correlation?: Buffer) => void;
  onChange: () => void;
}

export class CommandRunner {
  run = 0;
  failed = 0;
  private pending = 0;

  constructor(private readonly o: CommandRunnerOptions) {}

  handle(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const t = this.o.topics;
    const cmd = t.parseCommand(topic);
    if (!cmd || !this.o.selected(cmd.user, cmd.device)) return;
    const responseTopic = packet.properties?.responseTopic;
    const correlation = packet.properties?.correlationData;
    const replyTopic =
      responseTopic && !/[+#]/.test(responseTopic)
        ? responseTopic
        : t.reply(cmd.user, cmd.device, cmd.resource);
    const answer = (body: Record<string, unknown>): void =>
      this.o.reply(replyTopic, (seq) => replyPayload(seq, cmd.verb, body), correlation);
    if (this.pending >= MAX_PENDING_COMMANDS) {
      this.failed++;
      answer({ ok: false, error: `busy: ${MAX_PENDING_COMMANDS} commands already running` });
      return;
    }
    let input: PsonValue | undefined;
    try {
      input = parseInput(cmd.verb, payload);
    } catch (e) {
      this.failed++;
      answer({ ok: false, error: (e as Error).message });
      return;
    }
    this.pending++;
    this.o.broker
      .run(cmd.user, cmd.device, cmd.resource, input)
      .then(
        (reply) => {
          if (reply.ok) this.run++;
          else this.failed++;
          answer({
            ok: reply.ok,
            ...(reply.code !== undefined ? { code: psonToJson(reply.code) } : {}),
            ...(reply.payload !== undefined ? { payload: psonToJson(reply.payload) } : {}),
          });
        },
        (e: unknown) => {
          this.failed++;
          answer({
            ok: false,
            error: (e as Error).message,
            ...(e instanceof BrokerError ? { code: e.code } : {}),
          });
        },
      )
      .finally(() => {
        this.pending--;
        this.o.onChange();
      });
  }
}
