import type { PluginSettingsOptions, WorkflowNumbers } from '../checkout/plugin-settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The standalone's Billink plugin settings, as the mounted options take them. */
export interface PluginEnvConfig extends PluginSettingsOptions {
  logoUrl?: string;
  trustScore: boolean;
}

/**
 * Every plugin setting, once: the environment variable, the mounted option, what it does and its
 * default. The README table and the OpenAPI document are generated from this list.
 */
export const PLUGIN_SETTINGS = [
  {
    env: 'BILLINK_COUNTRIES',
    option: 'countries',
    meaning: 'comma-separated billing countries Billink is offered for (ISO 3166-1 alpha-2)',
    default: '`NL,BE`',
  },
  {
    env: 'BILLINK_MIN_AMOUNT_PRIVATE',
    option: 'amountLimits.private.minCents',
    meaning: 'smallest order total for a private customer, in euros (`10` or `9.95`)',
    default: 'none',
  },
  {
    env: 'BILLINK_MAX_AMOUNT_PRIVATE',
    option: 'amountLimits.private.maxCents',
    meaning: 'largest order total for a private customer, in euros',
    default: "none (Billink's agreed limit: code 429)",
  },
  {
    env: 'BILLINK_MIN_AMOUNT_BUSINESS',
    option: 'amountLimits.business.minCents',
    meaning: 'smallest order total for a business customer, in euros',
    default: 'none',
  },
  {
    env: 'BILLINK_MAX_AMOUNT_BUSINESS',
    option: 'amountLimits.business.maxCents',
    meaning: 'largest order total for a business customer, in euros',
    default: "none (Billink's agreed limit: code 429)",
  },
  {
    env: 'BILLINK_WORKFLOW_PRIVATE',
    option: 'workflowNumbers.private',
    meaning: 'workflow number for private customers',
    default: '`BILLINK_WORKFLOW`',
  },
  {
    env: 'BILLINK_WORKFLOW_BUSINESS',
    option: 'workflowNumbers.business',
    meaning: 'workflow number for business customers',
    default: '`BILLINK_WORKFLOW`',
  },
  {
    env: 'BILLINK_WORKFLOW_PRIVATE_{CC}',
    option: 'workflowNumbers.countries.{CC}.private',
    meaning:
      'workflow number for private customers in country CC (e.g. `BILLINK_WORKFLOW_PRIVATE_BE`)',
    default: 'the per-type workflow',
  },
  {
    env: 'BILLINK_WORKFLOW_BUSINESS_{CC}',
    option: 'workflowNumbers.countries.{CC}.business',
    meaning: 'workflow number for business customers in country CC',
    default: 'the per-type workflow',
  },
  {
    env: 'BILLINK_LOGO_URL',
    option: 'logoUrl',
    meaning: "https URL of the shop's logo on Billink's hosted page",
    default: "none (Billink's page without a shop logo)",
  },
  {
    env: 'BILLINK_TRUST_SCORE',
    option: 'trustScore',
    meaning:
      "`1`: send Billink's trust score (`payTrustScore` 0 or 10) from the account's webshop settings and the order's `paidOrders`",
    default: '`0` (off)',
  },
] as const;

const WORKFLOW = /^\d{1,5}$/;
const EUROS = /^(\d{1,7})(?:[.,](\d{1,2}))?$/;

/** "49.95" (or "49,95") euros as integer cents; undefined when it is not such an amount. */
export function eurosToCents(text: string): number | undefined {
  const match = EUROS.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** Reads the plugin settings; each problem is pushed naming its variable. */
export function readPluginSettings(env: Env, problems: string[]): PluginEnvConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const config: PluginEnvConfig = { trustScore: false };

  const countriesText = value('BILLINK_COUNTRIES');
  if (countriesText) {
    const countries = countriesText.split(',').map((c) => c.trim().toUpperCase());
    const wrong = countries.filter((c) => !/^[A-Z]{2}$/.test(c));
    if (wrong.length || countries.length === 0) {
      problems.push(
        `BILLINK_COUNTRIES must list ISO country codes like NL,BE, got "${countriesText}"`,
      );
    } else config.countries = countries;
  }

  const amount = (name: string): number | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    const cents = eurosToCents(text);
    if (cents === undefined)
      problems.push(`${name} must be an amount in euros like 10 or 9.95, got "${text}"`);
    return cents;
  };
  const limits: NonNullable<PluginSettingsOptions['amountLimits']> = {};
  for (const [type, suffix] of [
    ['private', 'PRIVATE'],
    ['business', 'BUSINESS'],
  ] as const) {
    const minCents = amount(`BILLINK_MIN_AMOUNT_${suffix}`);
    const maxCents = amount(`BILLINK_MAX_AMOUNT_${suffix}`);
    if (minCents !== undefined && maxCents !== undefined && minCents > maxCents) {
      problems.push(`BILLINK_MIN_AMOUNT_${suffix} must not be above BILLINK_MAX_AMOUNT_${suffix}`);
    }
    if (minCents !== undefined || maxCents !== undefined) {
      limits[type] = {
        ...(minCents !== undefined ? { minCents } : {}),
        ...(maxCents !== undefined ? { maxCents } : {}),
      };
    }
  }
  if (limits.private || limits.business) config.amountLimits = limits;

  const workflows: NonNullable<PluginSettingsOptions['workflowNumbers']> = {};
  const countries: Record<string, WorkflowNumbers> = {};
  for (const [name, raw] of Object.entries(env)) {
    const match = /^BILLINK_WORKFLOW_(PRIVATE|BUSINESS)(?:_([A-Z]{2}))?$/.exec(name);
    const text = raw?.trim();
    if (!match || !text) continue;
    if (!WORKFLOW.test(text)) {
      problems.push(`${name} must be a workflow number, got "${text}"`);
      continue;
    }
    const key = match[1] === 'PRIVATE' ? 'private' : 'business';
    if (match[2]) countries[match[2]] = { ...countries[match[2]], [key]: text };
    else workflows[key] = text;
  }
  if (Object.keys(countries).length) workflows.countries = countries;
  if (Object.keys(workflows).length) config.workflowNumbers = workflows;

  const logo = value('BILLINK_LOGO_URL');
  if (logo) {
    let ok = false;
    try {
      ok = new URL(logo).protocol === 'https:';
    } catch {
      // reported below
    }
    if (ok) config.logoUrl = logo;
    else
      problems.push(
        `BILLINK_LOGO_URL must be an https URL (shown on Billink's page), got "${logo}"`,
      );
  }

  const trust = value('BILLINK_TRUST_SCORE') ?? '0';
  if (trust !== '0' && trust !== '1') {
    problems.push(`BILLINK_TRUST_SCORE must be 1 (on) or 0 (off), got "${trust}"`);
  }
  config.trustScore = trust === '1';
  return config;
}
