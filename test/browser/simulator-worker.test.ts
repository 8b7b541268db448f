// The simulator's msw handlers in a browser (setupWorker), as browser tests and Storybook use them.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { createSimulator, DEMO_ACCOUNT } from '../../src/server/simulator/index.js';
import { simulatorHandlers } from '../../src/server/simulator/msw.js';
import { createBillinkClient } from '../../src/server/billink/index.js';

const simulator = createSimulator({ publicUrl: 'https://api-staging.billink.nl' });
const worker = setupWorker(...simulatorHandlers(simulator));

before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

describe('Billink simulator behind msw in the browser', () => {
  it('answers the Billink client: a session is created, approved and reported', async () => {
    const billink = createBillinkClient({
      username: DEMO_ACCOUNT.username,
      billinkId: DEMO_ACCOUNT.billinkId,
      environment: 'staging',
    });
    const session = await billink.createSession({
      orderNumber: 'BROWSER-1',
      customer: {
        type: 'p',
        firstName: 'Anna',
        lastName: 'de Vries',
        email: 'anna@example.nl',
        phone: '0612345678',
        birthdate: '1990-05-17',
      },
      billingAddress: {
        street: 'Damrak',
        houseNumber: '1',
        postalCode: '1012 LG',
        city: 'Amsterdam',
        countryCode: 'NL',
      },
      lines: [{ code: 'MUG', name: 'Mug', quantity: 2, unitPriceCents: 1250, vatRate: 21 }],
      totalAmountCents: 2500,
      returnUrls: { success: `${location.origin}/ok`, fail: `${location.origin}/fail` },
    });
    expect(session.sessionUrl).to.match(/^https:\/\/api-staging\.billink\.nl\/checkout\//);
    expect((await billink.sessionStatus({ sessionId: session.sessionId })).status).to.equal(
      'session_active',
    );
    simulator.completeSession(session.sessionId, 'approve');
    expect((await billink.sessionStatus({ sessionId: session.sessionId })).status).to.equal(
      'order_created',
    );
  });

  it('answers legacy XML too, including a declarable decline', async () => {
    const billink = createBillinkClient({
      username: DEMO_ACCOUNT.username,
      billinkId: DEMO_ACCOUNT.billinkId,
      environment: 'staging',
    });
    const result = await billink.check({
      customer: {
        type: 'p',
        firstName: 'Jan',
        lastName: 'Decline',
        email: 'jan@example.nl',
        phone: '0612345678',
        birthdate: '1980-01-01',
      },
      billingAddress: {
        street: 'Kerkstraat',
        houseNumber: '1',
        postalCode: '1234 AB',
        city: 'Utrecht',
        countryCode: 'NL',
      },
      orderAmountCents: 2500,
    });
    expect(result.outcome).to.equal('rejected');
  });
});
