/**
 * Writes one plain closing line, `N passed, N failed, N skipped`, to stdout and to
 * reports/test-summary.txt, so that .ci/run can end its log with it after jest's own summary.
 * A suite that failed to load counts as one failure, so a broken file never reads as "0 failed".
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class PassFailLineReporter {
  constructor(globalConfig) {
    this.reportsDir = join(globalConfig.rootDir, 'reports');
  }

  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
    mkdirSync(this.reportsDir, { recursive: true });
    writeFileSync(join(this.reportsDir, 'test-summary.txt'), `${line}\n`);
    process.stdout.write(`\n${line}\n`);
  }
}

module.exports = PassFailLineReporter;
