/**
 * JSON text typed by the user → a PSON value in the JSON conventions, with errors at a line and
 * column ("Line 3, column 7: …"). `JSON.parse` does not say where it failed in every engine, and
 * a `$bytes` object with a bad digit is valid JSON but not a valid value: both are caught here
 * with the position of the offending text.
 */
import { messages } from '../../messages';
import { setEntry, type Value, type ValueMap } from '../../model/pson';

export type ParseResult =
  { ok: true; value: Value } | { ok: false; message: string; line: number; column: number };

const t = messages.device.json;

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

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

export function parseValueText(text: string): ParseResult {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const fail = (message: string, at = i): never => {
    throw new ParseFailure(message, at);
  };
  const expect = (ch: string): void => {
    if (text[i] !== ch) fail(i >= text.length ? t.unexpectedEnd : t.expected(ch));
    i++;
  };

  const string = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      if (i >= text.length) fail(t.unterminatedString);
      const ch = text.charAt(i);
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\n' || ch < ' ') fail(t.controlInString);
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const esc = text[i + 1];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (esc !== undefined && esc in simple) {
        out += simple[esc];
        i += 2;
      } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else fail(t.badEscape);
    }
  };

  const number = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail(t.unexpected(text.charAt(i)));
    const n = Number(m[0]);
    if (!Number.isFinite(n)) fail(t.numberTooLarge);
    i += m[0].length;
    return n;
  };

  const word = (w: string, v: Value): Value => {
    if (text.startsWith(w, i)) {
      i += w.length;
      return v;
    }
    return fail(t.unexpected(text.charAt(i)));
  };

  const value = (depth: number): Value => {
    if (depth > 64) fail(t.tooDeep);
    ws();
    if (i >= text.length) fail(t.unexpectedEnd);
    const ch = text.charAt(i);
    if (ch === '{') {
      const start = i++;
      const map: ValueMap = {};
      ws();
      if (text[i] === '}') {
        i++;
        return map;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= text.length ? t.unexpectedEnd : t.keyExpected);
        const key = string();
        ws();
        expect(':');
        setEntry(map, key, value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          checkConvention(map, start);
          return map;
        }
        fail(i >= text.length ? t.unexpectedEnd : t.expected(', }'));
      }
    }
    if (ch === '[') {
      i++;
      const list: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return list;
      }
      for (;;) {
        list.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return list;
        }
        fail(i >= text.length ? t.unexpectedEnd : t.expected(', ]'));
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return word('true', true);
    if (ch === 'f') return word('false', false);
    if (ch === 'n') return word('null', null);
    return number();
  };

  try {
    ws();
    if (i >= text.length) fail(t.emptyText);
    const v = value(0);
    ws();
    if (i < text.length) fail(t.trailing);
    return { ok: true, value: v };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    const column = e.at - before.lastIndexOf('\n');
    return { ok: false, message: e.message, line, column };
  }
}
