import { it } from 'node:test';
import assert from 'node:assert/strict';
import { lintOpenApi } from '../../../scripts/openapi-lint.js';

it("the OpenAPI document passes Redocly's recommended rules, security on every operation", async () => {
  const problems = await lintOpenApi();
  assert.deepEqual(
    problems.filter((p) => p.severity === 'error'),
    [],
  );
});
