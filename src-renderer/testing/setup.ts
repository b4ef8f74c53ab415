/**
 * Vitest setup for every file: component tests (docblock `@vitest-environment jsdom`) get Testing
 * Library's cleanup after each test; node-environment tests are untouched.
 */
import { afterEach } from 'vitest';

if (typeof document !== 'undefined') {
  const { cleanup } = await import('@testing-library/react');
  afterEach(() => cleanup());
}
