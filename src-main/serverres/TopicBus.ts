/**
 * In-memory publish/subscribe between devices of one account, for the MQTT-style event
 * subscriptions IOTMP-Linux opens (IOTMP.md §6.6): `+` matches one level, `#` the rest.
 */
import type { PsonValue } from '../protocol';

export interface TopicSubscriber {
  user: string;
  filter: string;
  deliver: (topic: string, payload: PsonValue) => void;
}

/** Topic and filter length bound (MQTT allows 65535; devices use short ones). */
const MAX_TOPIC_LENGTH = 1024;

export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

export function validTopic(topic: string, allowWildcards: boolean): boolean {
  if (topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) return false;
  const levels = topic.split('/');
  return levels.every((l, i) => {
    if (!allowWildcards) return !l.includes('+') && !l.includes('#');
    if (l.includes('#')) return l === '#' && i === levels.length - 1;
    return !l.includes('+') || l === '+';
  });
}

export class TopicBus {
  private readonly subscribers = new Set<TopicSubscriber>();

  subscribe(s: TopicSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  /** Returns how many subscribers received the message. */
  publish(user: string, topic: string, payload: PsonValue): number {
    let n = 0;
    for (const s of this.subscribers) {
      if (s.user === user && topicMatches(s.filter, topic)) {
        s.deliver(topic, payload);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.subscribers.size;
  }
}
