/**
 * The settings tables in docs/reference/settings.md and the OpenAPI document are generated from
 * STANDALONE_SETTINGS and PLUGIN_SETTINGS; this proves those lists are what `readConfig` really
 * reads, so a new variable cannot ship undocumented and a documented one cannot be dead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../../../src/server/proxy/standalone/config.js';
import { PLUGIN_SETTINGS } from '../../../src/server/proxy/standalone/plugin-settings-env.js';
import { STANDALONE_SETTINGS } from '../../../src/server/proxy/standalone/settings.js';

/** Runs readConfig on `env` and records every variable it looks up by name. */
function namesRead(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as keyof typeof target];
    },
  });
  try {
    readConfig(recording);
  } catch {
    // Refusals still read their variables first; only the names matter here.
  }
  return read;
}

const documented = [...STANDALONE_SETTINGS, ...PLUGIN_SETTINGS].map((s) => s.env);
const pattern = (env: string) => new RegExp(`^${env.replace('{CC}', '[A-Z]{2}')}$`);
const isDocumented = (name: string) => documented.some((env) => pattern(env).test(name));

describe('standalone settings documentation', () => {
  const runs: Record<string, string>[] = [
    {},
    {
      BILLINK_ENV: 'production',
      BILLINK_USERNAME: 'shop',
      BILLINK_ID: 'id',
      ORDER_SOURCE_URL: 'https://shop.example/orders',
      ORDER_SOURCE_TOKEN: 't'.repeat(32),
      REDIS_URL: 'redis://127.0.0.1:6379',
      // Per-country workflows are found by scanning the environment (which reads every key).
      BILLINK_WORKFLOW_PRIVATE: '2',
      BILLINK_WORKFLOW_BUSINESS: '5',
      BILLINK_WORKFLOW_PRIVATE_BE: '3',
      BILLINK_WORKFLOW_BUSINESS_DE: '4',
    },
    // Without Redis, production asks whether the memory store was allowed.
    { BILLINK_ENV: 'production', BILLINK_USERNAME: 'shop', BILLINK_ID: 'id' },
  ];
  const read = new Set(runs.flatMap((env) => [...namesRead(env)]));

  it('every variable readConfig reads is in the generated tables', () => {
    const undocumented = [...read].filter(
      (name) => /^[A-Z][A-Z0-9_]*$/.test(name) && !isDocumented(name),
    );
    assert.deepEqual(undocumented, []);
  });

  it('every documented variable is read', () => {
    const dead = documented.filter((env) => ![...read].some((name) => pattern(env).test(name)));
    assert.deepEqual(dead, []);
  });
});
