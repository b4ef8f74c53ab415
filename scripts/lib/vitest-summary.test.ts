import { describe, expect, it } from 'vitest';
import { formatSummary, summarize } from './vitest-summary.mjs';

describe('test summary line', () => {
  it('counts passed, failed and skipped tests across files', () => {
    const counts = summarize({
      testResults: [
        {
          status: 'failed',
          assertionResults: [{ status: 'passed' }, { status: 'failed' }, { status: 'skipped' }],
        },
        { status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'todo' }] },
      ],
    });
    expect(counts).toEqual({ passed: 2, failed: 1, skipped: 2 });
    expect(formatSummary(counts)).toBe('tests: 2 passed, 1 failed, 2 skipped');
  });

  it('counts a file that failed without a failing test (e.g. a broken import) as a failure', () => {
    const counts = summarize({
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    });
    expect(counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
  });

  it('leaves out the skipped part when nothing was skipped', () => {
    expect(formatSummary({ passed: 3, failed: 0, skipped: 0 })).toBe('tests: 3 passed, 0 failed');
  });
});
