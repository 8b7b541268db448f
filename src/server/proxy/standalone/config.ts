import { MIN_SECRET_LENGTH } from '../checkout/order-token.js';
import { readPluginSettings, type PluginEnvConfig } from './plugin-settings-env.js';
import { parseTrustProxy, type TrustProxy } from '../http/trust-proxy.js';

/**
 * The standalone proxy's configuration from environment variables. Missing or contradictory
 * settings are refused before anything starts, each problem naming its variable.
 */
export interface ProxyConfig {
  port: number;
  host: string;
  /** Where browsers reach this server (hosted simulator page, webhook URL). */
  publicUrl: string;
  billinkEnv: 'simulator' | 'staging' | 'production';
  username: string | undefined;
  billinkId: string | undefined;
  workflowNumber: string;
  /** The Billink client's back-office pace (calls/s per operation; bursts of twice that). */
  billinkRatePerSecond: number | undefined;
  allowedOrigins: string[];
  redisUrl: string | undefined;
  webhookSecret: string | undefined;
  orderSourceUrl: string | undefined;
  orderSourceToken: string | undefined;
  /** Express "trust proxy" semantics (see trust-proxy.ts); false when unset. */
  trustProxy: TrustProxy;
  /** Overrides Billink's staging/production base URL (a Billink test host, or `npm run simulator`). */
  billinkApiUrl: string | undefined;
  /** Signs order refs to shoppers (signOrderRef); unset = any caller who knows a ref may use it. */
  orderRefSecret: string | undefined;
  /** Where shoppers return when the browser sends no returnUrl; default PUBLIC_URL's origin. */
  defaultReturnUrl: string | undefined;
  /** After SIGTERM, how long open requests may finish before their connections are closed. */
  shutdownTimeoutMs: number;
  /** How often pending checkouts are confirmed with Billink; 0 = never (RECONCILE_INTERVAL_SECONDS). */
  reconcileIntervalSeconds: number;
  /** Billink's plugin settings: countries, amounts, workflows per type, logo, trust score. */
  plugin: PluginEnvConfig;
  /** Bearer key of the merchant API (MERCHANT_API_KEY); without it /billink/merchant is 404. */
  merchantApiKey: string | undefined;
  /** Signs the events POSTed to the order source (ORDER_EVENT_SECRET, else ORDER_SOURCE_TOKEN). */
  orderEventSecret: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/**
 * `ordersFromHost`: the host application resolves orders itself (the demo shop), so
 * ORDER_SOURCE_URL is not required for staging/production.
 */
export function readConfig(env: Env, options: { ordersFromHost?: boolean } = {}): ProxyConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const url = (name: string, protocols: string[]): URL | undefined => {
    const v = value(name);
    if (!v) return undefined;
    try {
      const parsed = new URL(v);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${v}"`);
      }
      return parsed;
    } catch {
      problems.push(`${name} must be a URL, got "${v}"`);
      return undefined;
    }
  };

  const portText = value('PORT') ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    problems.push(`PORT must be a port number (0–65535), got "${portText}"`);
  }

  const billinkEnv = value('BILLINK_ENV') ?? 'simulator';
  if (!['simulator', 'staging', 'production'].includes(billinkEnv)) {
    problems.push(`BILLINK_ENV must be simulator, staging or production, got "${billinkEnv}"`);
  }
  const username = value('BILLINK_USERNAME');
  const billinkId = value('BILLINK_ID');
  if (billinkEnv !== 'simulator') {
    if (!username) problems.push(`BILLINK_USERNAME is required when BILLINK_ENV=${billinkEnv}`);
    if (!billinkId) problems.push(`BILLINK_ID is required when BILLINK_ENV=${billinkEnv}`);
  } else if (Boolean(username) !== Boolean(billinkId)) {
    problems.push('BILLINK_USERNAME and BILLINK_ID go together: set both or neither');
  }

  const workflowNumber = value('BILLINK_WORKFLOW') ?? '1';
  if (!/^\d{1,5}$/.test(workflowNumber)) {
    problems.push(`BILLINK_WORKFLOW must be a workflow number, got "${workflowNumber}"`);
  }

  const rate = value('BILLINK_RATE_PER_SECOND');
  const billinkRatePerSecond = rate === undefined ? undefined : Number(rate);
  if (
    billinkRatePerSecond !== undefined &&
    !(
      Number.isFinite(billinkRatePerSecond) &&
      billinkRatePerSecond > 0 &&
      billinkRatePerSecond <= 100
    )
  ) {
    problems.push(
      `BILLINK_RATE_PER_SECOND must be a number of calls per second above 0 and at most 100, got "${rate}"`,
    );
  }

  const allowedOrigins: string[] = [];
  for (const origin of (value('ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim())) {
    if (!origin) continue;
    try {
      const parsed = new URL(origin);
      if (parsed.origin !== origin.replace(/\/$/, '')) throw new Error('not an origin');
      allowedOrigins.push(parsed.origin);
    } catch {
      problems.push(`ALLOWED_ORIGINS must list origins like https://shop.example, got "${origin}"`);
    }
  }

  const redis = url('REDIS_URL', ['redis:', 'rediss:']);
  const orderSource = url('ORDER_SOURCE_URL', ['http:', 'https:']);
  const orderSourceToken = value('ORDER_SOURCE_TOKEN');
  if (orderSourceToken && !orderSource) {
    problems.push('ORDER_SOURCE_TOKEN is set but ORDER_SOURCE_URL is not');
  }
  if (billinkEnv !== 'simulator' && !orderSource && !options.ordersFromHost) {
    problems.push(
      `ORDER_SOURCE_URL is required when BILLINK_ENV=${billinkEnv}: the proxy must learn amounts from the shop`,
    );
  }
  if (billinkEnv === 'production' && orderSource?.protocol === 'http:' && !isLocal(orderSource)) {
    problems.push('ORDER_SOURCE_URL must use https in production (it carries ORDER_SOURCE_TOKEN)');
  }

  const merchantApiKey = value('MERCHANT_API_KEY');
  if (merchantApiKey && merchantApiKey.length < 32) {
    problems.push('MERCHANT_API_KEY must be at least 32 characters (e.g. openssl rand -hex 32)');
  }
  const orderEventSecret = value('ORDER_EVENT_SECRET') ?? orderSourceToken;
  if (orderSource && !orderEventSecret && billinkEnv !== 'simulator') {
    problems.push(
      'ORDER_EVENT_SECRET (or ORDER_SOURCE_TOKEN) is required with ORDER_SOURCE_URL: it signs the order events sent to the shop',
    );
  }

  const host = value('HOST') ?? '127.0.0.1';
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);

  // A restart of an in-memory proxy forgets every pending checkout while Billink keeps them.
  if (billinkEnv !== 'simulator' && !redis && value('ALLOW_MEMORY_STORE') !== '1') {
    problems.push(
      `REDIS_URL is required when BILLINK_ENV=${billinkEnv}: on the memory store a restart would lose pending checkouts (set ALLOW_MEMORY_STORE=1 to accept that)`,
    );
  }

  let trustProxy: TrustProxy = false;
  const trustText = value('TRUST_PROXY');
  if (trustText) {
    try {
      trustProxy = parseTrustProxy(trustText);
    } catch {
      problems.push(
        `TRUST_PROXY must be true, false, a hop count or comma-separated IPs/CIDRs, got "${trustText}"`,
      );
    }
  }

  const billinkApiUrl = url('BILLINK_API_URL', ['http:', 'https:']);
  if (billinkApiUrl && billinkEnv === 'simulator') {
    problems.push('BILLINK_API_URL applies to BILLINK_ENV=staging or production, not simulator');
  }
  if (
    billinkEnv === 'production' &&
    billinkApiUrl?.protocol === 'http:' &&
    !isLocal(billinkApiUrl)
  ) {
    problems.push('BILLINK_API_URL must use https in production (it carries the credentials)');
  }

  const orderRefSecret = value('ORDER_REF_SECRET');
  if (orderRefSecret && orderRefSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`ORDER_REF_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }

  const defaultReturn = url('DEFAULT_RETURN_URL', ['http:', 'https:']);
  const returnOrigins = [...allowedOrigins, publicUrl?.origin ?? `http://localhost:${port}`];
  if (defaultReturn && !returnOrigins.includes(defaultReturn.origin)) {
    problems.push('DEFAULT_RETURN_URL must be on PUBLIC_URL or one of ALLOWED_ORIGINS');
  }
  const shutdownText = value('SHUTDOWN_TIMEOUT_SECONDS') ?? '10';
  if (!/^\d{1,4}$/.test(shutdownText)) {
    problems.push(`SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds, got "${shutdownText}"`);
  }

  const reconcileText = value('RECONCILE_INTERVAL_SECONDS') ?? '300';
  const reconcileIntervalSeconds = Number(reconcileText);
  if (
    !/^\d+$/.test(reconcileText) ||
    (reconcileIntervalSeconds > 0 && reconcileIntervalSeconds < 10)
  ) {
    problems.push(
      `RECONCILE_INTERVAL_SECONDS must be 0 (off) or a number of seconds ≥ 10, got "${reconcileText}"`,
    );
  }

  const plugin = readPluginSettings(env, problems);

  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    publicUrl: publicUrl?.href.replace(/\/$/, '') ?? `http://localhost:${port}`,
    billinkEnv: billinkEnv as ProxyConfig['billinkEnv'],
    username,
    billinkId,
    workflowNumber,
    billinkRatePerSecond,
    allowedOrigins,
    redisUrl: redis?.href,
    webhookSecret: value('BILLINK_WEBHOOK_SECRET'),
    orderSourceUrl: orderSource?.href,
    orderSourceToken,
    trustProxy,
    billinkApiUrl: billinkApiUrl?.href.replace(/\/$/, ''),
    orderRefSecret,
    defaultReturnUrl: defaultReturn?.href,
    shutdownTimeoutMs: Number(shutdownText) * 1000,
    reconcileIntervalSeconds,
    plugin,
    merchantApiKey,
    orderEventSecret,
  };
}
