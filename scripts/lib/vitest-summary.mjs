// @ts-check
// Turns vitest's JSON report into the closing line CI reads: `tests: N passed, M failed[, K skipped]`.

/**
 * @typedef {{ status?: string }} AssertionResult
 * @typedef {{ status?: string, assertionResults?: AssertionResult[] }} FileResult
 * @typedef {{ testResults?: FileResult[] }} VitestJsonReport
 */

/**
 * A test file that fails without a failing test (a syntax error, a failing import, an error in a
 * hook outside tests) counts as one failure, so a broken file can never look green.
 * @param {VitestJsonReport} report
 */
export function summarize(report) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults ?? []) {
    let failedInFile = 0;
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failedInFile += 1;
      else skipped += 1; // skipped, pending, todo
    }
    if (file.status === 'failed' && failedInFile === 0) failedInFile = 1;
    failed += failedInFile;
  }
  return { passed, failed, skipped };
}

/**
 * The closing line of `npm test`, alone on its line; CI parses it.
 * @param {{ passed: number, failed: number, skipped: number }} counts
 */
export function formatSummary({ passed, failed, skipped }) {
  return `tests: ${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
}
