/** What the shopper does on the hosted page: the decision logic behind its form. */
import type { SimulatorCore } from './core.js';
import { finalUrl, needsBirthdate, type HostedChoice, type PageError } from './hosted-page.js';
import { checkBirthdate, normaliseBirthdate } from './rules.js';
import type { Session } from './state.js';

export type Decision =
  /** The session reached a final state; send the shopper to `redirect` (303). */
  | { readonly kind: 'done'; readonly redirect: string }
  /** The form needs correcting; show the page again with `error`. */
  | { readonly kind: 'invalid'; readonly error: PageError }
  /** The session was already final (or expired); nothing changed. */
  | { readonly kind: 'final' };

/**
 * Applies the shopper's choice. Approve runs the simulated credit check (declined by the `decline`
 * marker or an under-18 birthdate → `failed`) and creates the Billink order (`order_created`);
 * Decline → `failed`; Cancel → `cancelled`.
 */
export function decide(
  core: SimulatorCore,
  session: Session,
  choice: string,
  birthdateInput = '',
): Decision {
  if (session.status !== 'session_active') return { kind: 'final' };
  const account = core.accounts.get(session.username);
  if (!account) return { kind: 'final' };
  const c = choice as HostedChoice;
  if (c === 'cancel') {
    core.setSessionStatus(session, 'cancelled');
    return { kind: 'done', redirect: finalUrl(session) };
  }
  if (c === 'decline' || (c === 'approve' && session.declined)) {
    core.setSessionStatus(session, 'failed');
    return { kind: 'done', redirect: finalUrl(session) };
  }
  if (c !== 'approve') return { kind: 'invalid', error: 'choice' };

  if (needsBirthdate(session)) {
    const birthdate = normaliseBirthdate(birthdateInput);
    const result = checkBirthdate(birthdate, core.now());
    if (result === 'missing') return { kind: 'invalid', error: 'birthdateMissing' };
    if (result === 'format') return { kind: 'invalid', error: 'birthdateFormat' };
    session.customer.birthdate = birthdate;
    if (result === 'underage') {
      core.setSessionStatus(session, 'failed');
      return { kind: 'done', redirect: finalUrl(session) };
    }
  }
  // Another session (or a legacy Order) may have used the order number meanwhile.
  if (core.orderExists(session.username, session.orderNumber)) {
    core.setSessionStatus(session, 'failed');
    return { kind: 'done', redirect: finalUrl(session) };
  }
  core.createOrder({
    account,
    orderNumber: session.orderNumber,
    workflowNumber: session.workflowNumber,
    amountCents: session.totalCents,
    lines: session.lines,
    source: 'session',
    sessionId: session.id,
    customerId: session.customerId,
  });
  core.setSessionStatus(session, 'order_created');
  return { kind: 'done', redirect: finalUrl(session) };
}
