// node:test reporter that records how many tests (not suites) passed and failed, so the CI summary
// can add them up across runners. Usage: --test-reporter=./scripts/node-count-reporter.mjs
// --test-reporter-destination=.test-results/node.json
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield JSON.stringify({ runner: 'node', passed, failed, skipped }) + '\n';
}
