import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with one plain line, `vitest: N passed, N failed, N skipped`, after vitest's own
 * summary. CI reads a log's closing lines to tell which tests ran, and knows that plain form in
 * any language but not vitest's summary; without it, the last line it knew was schemathesis's
 * pytest-style banner, which counts no test. Errors outside tests count as failures.
 */
export default class ClosingLine implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      if (module.state() === 'failed' && module.children.size === 0) count.failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed += 1;
        else if (state === 'failed') count.failed += 1;
        else count.skipped += 1;
      }
    }
    process.stdout.write(`vitest: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
