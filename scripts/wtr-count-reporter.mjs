// web-test-runner reporter that records passed/failed/skipped test counts in .test-results/wtr.json
// for the CI summary (WTR's own summary line is not a plain line and carries ANSI codes).
import { mkdirSync, writeFileSync } from 'node:fs';

function count(suite, acc) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite?.suites ?? []) count(s, acc);
  return acc;
}

export function countReporter() {
  return {
    stop({ sessions }) {
      const acc = { runner: 'wtr', passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, acc);
        // A file that failed to load has no test results but must not pass silently.
        if (
          !session.passed &&
          !session.testResults?.tests?.length &&
          !session.testResults?.suites?.length
        )
          acc.failed++;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/wtr.json', JSON.stringify(acc) + '\n');
    },
  };
}
