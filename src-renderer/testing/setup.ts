/**
 * Vitest setup for every file: component tests (docblock `@vitest-environment jsdom`) get Testing
 * Library's cleanup after each test; node-environment tests are untouched.
 */
import { afterEach } from 'vitest';

if (typeof document !== 'undefined') {
  const { cleanup } = await import('@testing-library/react');
  afterEach(() => cleanup());
  // jsdom has no pointer capture; every browser the console runs in does. Splitters capture the
  // pointer on pointerdown, so a user-event click on one would throw (an unhandled error) without it.
  const proto = Element.prototype as Partial<Element>;
  if (!proto.setPointerCapture) {
    const captured = new WeakMap<Element, Set<number>>();
    proto.setPointerCapture = function (this: Element, id: number) {
      const ids = captured.get(this) ?? new Set<number>();
      ids.add(id);
      captured.set(this, ids);
    };
    proto.releasePointerCapture = function (this: Element, id: number) {
      captured.get(this)?.delete(id);
    };
    proto.hasPointerCapture = function (this: Element, id: number) {
      return captured.get(this)?.has(id) ?? false;
    };
  }
}
