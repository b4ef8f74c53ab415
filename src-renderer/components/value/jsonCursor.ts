/**
 * A read position in JSON text typed by the user, with the token readers of `parseValueText`
 * (white space, strings, numbers, words). A failure carries the offset of the offending text, so
 * the form can say "Line 3, column 7: …".
 */
import { messages } from '../../messages';
import type { Value } from '../../model/pson';

const t = messages.device.json;

export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export class JsonCursor {
  i = 0;

  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.i >= this.text.length;
  }

  /** The character at the cursor, or undefined at the end. */
  peek(): string | undefined {
    return this.text[this.i];
  }

  /** Steps over `ch` when it is next; says whether it was. */
  skip(ch: string): boolean {
    if (this.text[this.i] !== ch) return false;
    this.i++;
    return true;
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.i))) this.i++;
  }

  fail(message: string, at = this.i): never {
    throw new ParseFailure(message, at);
  }

  /** Fails with "the text ends too early" at the end of the text, else with `message`. */
  failHere(message: string): never {
    return this.fail(this.atEnd ? t.unexpectedEnd : message);
  }

  expect(ch: string): void {
    if (!this.skip(ch)) this.failHere(t.expected(ch));
  }

  string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      if (this.atEnd) this.fail(t.unterminatedString);
      const ch = this.text.charAt(this.i);
      if (ch === '"') {
        this.i++;
        return out;
      }
      if (ch === '\n' || ch < ' ') this.fail(t.controlInString);
      if (ch === '\\') out += this.escape();
      else {
        out += ch;
        this.i++;
      }
    }
  }

  /** The escape at the cursor (a backslash and what follows it), decoded. */
  private escape(): string {
    const esc = this.text[this.i + 1];
    if (esc !== undefined && esc in SIMPLE_ESCAPES) {
      this.i += 2;
      return SIMPLE_ESCAPES[esc] ?? '';
    }
    const hex = this.text.slice(this.i + 2, this.i + 6);
    if (esc !== 'u' || !/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail(t.badEscape);
    this.i += 6;
    return String.fromCharCode(parseInt(hex, 16));
  }

  number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!m) return this.fail(t.unexpected(this.text.charAt(this.i)));
    const n = Number(m[0]);
    if (!Number.isFinite(n)) this.fail(t.numberTooLarge);
    this.i += m[0].length;
    return n;
  }

  /** `true`, `false` or `null` spelled out in full. */
  word(w: string, v: Value): Value {
    if (!this.text.startsWith(w, this.i)) return this.fail(t.unexpected(this.text.charAt(this.i)));
    this.i += w.length;
    return v;
  }
}
