/**
 * Lints openapi/billink-proxy.json with Redocly's recommended rules (run by `npm run lint` and the
 * contract test). Fails on any error, printing each problem with its location.
 */
import { createConfig, lint } from '@redocly/openapi-core';

export async function lintOpenApi(file = 'openapi/billink-proxy.json') {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lint({ ref: file, config });
  return problems.map((p) => ({
    severity: p.severity,
    rule: p.ruleId,
    message: p.message,
    where: p.location[0]?.pointer ?? '',
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = await lintOpenApi();
  for (const p of problems) console.error(`${p.severity} ${p.rule} ${p.where}: ${p.message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    console.error(`openapi lint: ${errors} error(s)`);
    process.exit(1);
  }
}
