/** What the inspector may show of a CONNECT: user and device, never the credential (§5.3). */
import { Field, message, type Message, type PsonValue } from '../protocol';

const REDACTED = '<redacted>';

export function redactConnect(m: Message): Message {
  return message(
    m.type,
    [...m.fields].map(([n, v]): [number, PsonValue] => {
      if (n !== Field.PAYLOAD || !Array.isArray(v)) return [n, v];
      return [n, v.map((x, i) => (i === 2 ? REDACTED : x))];
    }),
  );
}
