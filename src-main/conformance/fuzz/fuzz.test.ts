/** Property-based fuzzing of the codec with a bounded count (`npm run fuzz` runs a million). */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { properties } from './properties';

const RUNS = Number(process.env.IOTMP_FUZZ_RUNS ?? 2000);

describe('codec properties (fast-check)', () => {
  for (const [name, property] of Object.entries(properties)) {
    it(name, () => {
      fc.assert(property, { numRuns: RUNS });
    });
  }
});
