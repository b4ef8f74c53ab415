import { describe, expect, it } from 'vitest';
import { OpenSessions } from './OpenSessions';

const member = (name: string) => ({ name, openIndex: -1 });

describe('OpenSessions (every open connection, no map entry each)', () => {
  it('adds, finds and removes members in any order, each keeping its place', () => {
    const open = new OpenSessions<ReturnType<typeof member>>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(member) as [
      ReturnType<typeof member>,
      ReturnType<typeof member>,
      ReturnType<typeof member>,
      ReturnType<typeof member>,
    ];
    for (const m of [a, b, c, d]) open.add(m);
    open.add(b); // twice: still once
    expect(open.size).toBe(4);
    expect(open.delete(b)).toBe(true);
    expect(open.delete(b)).toBe(false);
    expect(open.has(b)).toBe(false);
    expect(b.openIndex).toBe(-1);
    // d moved into b's place and still knows where it is.
    expect(open.has(d)).toBe(true);
    expect(open.delete(a)).toBe(true);
    expect(
      open
        .list()
        .map((m) => m.name)
        .sort(),
    ).toEqual(['c', 'd']);
    for (const m of open.list()) open.delete(m);
    expect(open.size).toBe(0);
    expect([a, b, c, d].some((m) => open.has(m))).toBe(false);
  });

  it('does not take a member of another list for its own', () => {
    const one = new OpenSessions<ReturnType<typeof member>>();
    const other = new OpenSessions<ReturnType<typeof member>>();
    const x = member('x');
    const y = member('y');
    one.add(x);
    other.add(y); // both at index 0
    expect(one.has(y)).toBe(false);
    expect(one.delete(y)).toBe(false);
    expect(other.has(y)).toBe(true);
  });
});
