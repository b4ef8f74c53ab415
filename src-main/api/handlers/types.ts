/** The slice of the contract one handler file binds: its calls and topics by name prefix. */
import type { CallHandlers, TopicSources } from '../ApiServer';

export type CallsOf<Prefix extends string> = Pick<
  CallHandlers,
  Extract<keyof CallHandlers, `${Prefix}.${string}`>
>;

export type TopicsOf<Prefix extends string> = Pick<
  TopicSources,
  Extract<keyof TopicSources, `${Prefix}.${string}`>
>;
