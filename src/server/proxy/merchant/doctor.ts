/**
 * GET /merchant/doctor (`billink doctor`): what a support person checks first when orders do not
 * move — each answered from the running proxy itself, never guessed from its configuration file.
 */
import { isBillinkError } from '../../billink/index.js';
import type { LifecycleDeps } from '../orders/sync.js';
import { OUTBOX_KEY } from '../orders/order-book.js';
import { merchantKeys } from '../store/keys.js';
import { randomToken } from '../tokens.js';
import type { DoctorReport } from '../contract/merchant.js';
import { storedWebhookSetup } from './webhook-setup.js';

export async function runDoctor(
  deps: LifecycleDeps,
  options: {
    /** Where Billink should reach POST /webhooks (from publicUrl), if known. */
    webhookUrl: string | undefined;
    /** A webhook secret from the environment / options. */
    configuredWebhookSecret: boolean;
    /** Whether anybody listens to order events (onOrderEvent / ORDER_SOURCE_URL). */
    deliversEvents: boolean;
  },
): Promise<DoctorReport> {
  const checks: DoctorReport['checks'] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  add(
    'public url',
    Boolean(options.webhookUrl),
    options.webhookUrl
      ? `Billink's webhooks go to ${options.webhookUrl}`
      : 'PUBLIC_URL (mounted: publicUrl) is not set: webhooks setup needs a --url',
  );

  try {
    const probe = merchantKeys.doctorProbe(randomToken());
    await deps.store.set(probe, '1', 10_000);
    const read = await deps.store.get(probe);
    await deps.store.delete(probe);
    add(
      'store',
      read === '1',
      read === '1' ? 'read and write work' : 'a written key did not read back',
    );
  } catch (error) {
    add('store', false, `not reachable (${(error as Error).message})`);
  }

  try {
    await deps.billink.webshopSettings();
    add('billink', true, 'reachable; the credentials are accepted');
  } catch (error) {
    add(
      'billink',
      false,
      isBillinkError(error)
        ? `${error.code}: ${error.description}`
        : `not reachable (${(error as Error).message})`,
    );
  }

  const setup = await storedWebhookSetup(deps.store).catch(() => undefined);
  add(
    'webhooks',
    Boolean(setup || options.configuredWebhookSecret),
    setup
      ? `registered at ${setup.url} on ${setup.at}; deliveries are verified with that secret`
      : options.configuredWebhookSecret
        ? 'verified with the configured secret (BILLINK_WEBHOOK_SECRET / webhookSecret)'
        : 'no webhook secret: run `billink webhooks setup` (until then status comes from polling and the reconciler)',
  );

  if (options.deliversEvents) {
    const waiting = await deps.store.zrangeByScore(OUTBOX_KEY, Number.MAX_SAFE_INTEGER, 1000);
    add(
      'order events',
      waiting.length === 0,
      waiting.length === 0
        ? 'every event was delivered to the shop'
        : `${waiting.length === 1000 ? '1000 or more' : waiting.length} event(s) waiting for the shop to answer 2xx`,
    );
  } else {
    add('order events', true, 'nobody listens (no onOrderEvent / ORDER_SOURCE_URL)');
  }
  return { ok: checks.every((c) => c.ok), checks };
}
