/**
 * JSON text typed by the user → a PSON value in the JSON conventions, with errors at a line and
 * column ("Line 3, column 7: …"). `JSON.parse` does not say where it failed in every engine, and
 * a `$bytes` object with a bad digit is valid JSON but not a valid value: both are caught here
 * with the position of the offending text. The token readers are in `jsonCursor.ts`.
 */
import { messages } from '../../messages';
import { setEntry, type Value, type ValueMap } from '../../model/pson';
import { JsonCursor, ParseFailure } from './jsonCursor';

export type ParseResult =
  { ok: true; value: Value } | { ok: false; message: string; line: number; column: number };

const t = messages.device.json;

/** Deeper containers are refused (a bound on the recursion below). */
const MAX_DEPTH = 64;

const DOUBLE_WORDS = new Set(['NaN', 'Infinity', '-Infinity']);

/** Checks a one-key `$…` object against the conventions of protocol/json.ts. */
function checkConvention(map: ValueMap, at: number): void {
  const entries = Object.entries(map);
  const [only] = entries;
  if (!only || entries.length !== 1) return;
  const [key, v] = only;
  if (key === '$bytes') {
    if (typeof v !== 'string' || !/^(0x)?[\s:0-9a-fA-F]*$/.test(v))
      throw new ParseFailure(t.badBytes, at);
    if (v.replace(/^0x|[\s:]/g, '').length % 2) throw new ParseFailure(t.oddBytes, at);
  } else if (key === '$bigint') {
    if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new ParseFailure(t.badBigint, at);
  } else if (key === '$double') {
    if (typeof v !== 'number' && (typeof v !== 'string' || !DOUBLE_WORDS.has(v)))
      throw new ParseFailure(t.badDouble, at);
  } else if (key === '$empty') {
    if (v !== true) throw new ParseFailure(t.badEmpty, at);
  }
}

/** The object whose `{` is at the cursor. */
function object(c: JsonCursor, depth: number): ValueMap {
  const start = c.i++;
  const map: ValueMap = {};
  c.ws();
  if (c.skip('}')) return map;
  for (;;) {
    c.ws();
    if (c.peek() !== '"') c.failHere(t.keyExpected);
    const key = c.string();
    c.ws();
    c.expect(':');
    setEntry(map, key, value(c, depth + 1));
    c.ws();
    if (c.skip(',')) continue;
    if (c.skip('}')) {
      checkConvention(map, start);
      return map;
    }
    c.failHere(t.expected(', }'));
  }
}

/** The array whose `[` is at the cursor. */
function array(c: JsonCursor, depth: number): Value[] {
  c.i++;
  const list: Value[] = [];
  c.ws();
  if (c.skip(']')) return list;
  for (;;) {
    list.push(value(c, depth + 1));
    c.ws();
    if (c.skip(',')) continue;
    if (c.skip(']')) return list;
    c.failHere(t.expected(', ]'));
  }
}

function value(c: JsonCursor, depth: number): Value {
  if (depth > MAX_DEPTH) c.fail(t.tooDeep);
  c.ws();
  if (c.atEnd) c.fail(t.unexpectedEnd);
  switch (c.peek()) {
    case '{':
      return object(c, depth);
    case '[':
      return array(c, depth);
    case '"':
      return c.string();
    case 't':
      return c.word('true', true);
    case 'f':
      return c.word('false', false);
    case 'n':
      return c.word('null', null);
    default:
      return c.number();
  }
}

export function parseValueText(text: string): ParseResult {
  const c = new JsonCursor(text);
  try {
    c.ws();
    if (c.atEnd) c.fail(t.emptyText);
    const v = value(c, 0);
    c.ws();
    if (!c.atEnd) c.fail(t.trailing);
    return { ok: true, value: v };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    const column = e.at - before.lastIndexOf('\n');
    return { ok: false, message: e.message, line, column };
  }
}
