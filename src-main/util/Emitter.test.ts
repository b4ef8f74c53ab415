import { describe, expect, it } from 'vitest';
import { Emitter } from './Emitter';

type Events = { a: number; b: string } & Record<string, unknown>;

describe('Emitter', () => {
  it('calls the listeners of an event in order, and not after their disposer ran', () => {
    const e = new Emitter<Events>();
    const heard: string[] = [];
    const off = e.on('a', (n) => heard.push(`1:${n}`));
    e.on('a', (n) => heard.push(`2:${n}`));
    e.on('b', (s) => heard.push(`b:${s}`));
    e.emit('a', 1);
    off();
    e.emit('a', 2);
    expect(heard).toEqual(['1:1', '2:1', '2:2']);
  });

  it('calls a listener added during an emit from the next emit on, and skips one removed meanwhile', () => {
    const e = new Emitter<Events>();
    const heard: string[] = [];
    let offLate: () => void = () => undefined;
    e.on('a', (n) => {
      heard.push(`first:${n}`);
      offLate();
      e.on('a', (m) => heard.push(`added:${m}`));
    });
    offLate = e.on('a', (n) => heard.push(`late:${n}`));
    e.emit('a', 1);
    expect(heard).toEqual(['first:1']);
  });

  it('runs a once listener a single time', () => {
    const e = new Emitter<Events>();
    const heard: number[] = [];
    e.once('a', (n) => heard.push(n));
    e.emit('a', 1);
    e.emit('a', 2);
    expect(heard).toEqual([1]);
    expect(e.has('a')).toBe(false);
  });

  it('drops the set of an event with its last listener, and counts per event', () => {
    const e = new Emitter<Record<string, number>>();
    const offs = Array.from({ length: 100 }, (_, i) => e.on(`port${i}`, () => undefined));
    e.on('port0', () => undefined);
    expect(e.listenerCount()).toBe(101);
    expect(e.listenerCount('port0')).toBe(2);
    for (const off of offs) off();
    expect(e.listenerCount()).toBe(1);
    expect(e.has('port1')).toBe(false);
    e.clear();
    expect(e.listenerCount()).toBe(0);
  });
});
