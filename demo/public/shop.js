// The demo shop's own page logic: cart, details, language, payment method. Everything Billink
// happens inside <billink-checkout>; the shop only feeds it the order reference, the amount to
// show and the customer it already knows, and listens to its events.
const TEXTS = {
  nl: {
    title: 'Afrekenen',
    cart: 'Winkelwagen',
    product: 'Product',
    quantity: 'Aantal',
    price: 'Prijs',
    shipping: 'Verzending',
    discount: 'Welkomstkorting',
    total: 'Totaal',
    details: 'Je gegevens',
    firstName: 'Voornaam',
    lastName: 'Achternaam',
    email: 'E-mailadres',
    phone: 'Telefoonnummer',
    birthdate: 'Geboortedatum (optioneel)',
    street: 'Straat',
    houseNumber: 'Huisnummer',
    houseExtension: 'Toevoeging',
    postalCode: 'Postcode',
    city: 'Plaats',
    payment: 'Betaalmethode',
    ideal: 'iDEAL (alleen als voorbeeld)',
    place: 'Bestelling plaatsen',
    demoSettings: 'Demo-instellingen',
    mode: 'Modus',
    open: 'Billink-pagina openen',
    scenarios:
      'Uitkomsten van de simulator kies je met een markering in het e-mailadres, bijv. jan+decline@example.com (afgewezen), jan+timeout@example.com, jan+error-603@example.com (Billink-fout) of jan+slow-3@example.com (3 s wachten).',
    events: 'Events (voor ontwikkelaars)',
    badges: 'Alle badges',
    doneTitle: 'Bedankt voor je bestelling!',
    doneText: 'Billink heeft je betaling goedgekeurd. Je betaalt later.',
    orderId: 'Billink-order:',
    newOrder: 'Nieuwe bestelling',
    less: 'Minder',
    more: 'Meer',
    idealOnly: 'iDEAL is hier alleen een voorbeeld. Kies Billink om te betalen.',
    mismatch: 'De goedgekeurde betaling past niet bij je winkelwagen. Neem contact met ons op.',
  },
  en: {
    title: 'Checkout',
    cart: 'Cart',
    product: 'Product',
    quantity: 'Quantity',
    price: 'Price',
    shipping: 'Shipping',
    discount: 'Welcome discount',
    total: 'Total',
    details: 'Your details',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'E-mail address',
    phone: 'Phone number',
    birthdate: 'Date of birth (optional)',
    street: 'Street',
    houseNumber: 'House number',
    houseExtension: 'Addition',
    postalCode: 'Postal code',
    city: 'City',
    payment: 'Payment method',
    ideal: 'iDEAL (example only)',
    place: 'Place order',
    demoSettings: 'Demo settings',
    mode: 'Mode',
    open: "Open Billink's page",
    scenarios:
      'Choose the simulator\u2019s outcome with a marker in the e-mail address, e.g. jan+decline@example.com (declined), jan+timeout@example.com, jan+error-603@example.com (Billink error) or jan+slow-3@example.com (3 s wait).',
    events: 'Events (for developers)',
    badges: 'All badges',
    doneTitle: 'Thank you for your order!',
    doneText: 'Billink approved your payment. You pay later.',
    orderId: 'Billink order:',
    newOrder: 'New order',
    less: 'Fewer',
    more: 'More',
    idealOnly: 'iDEAL is only an example here. Choose Billink to pay.',
    mismatch: 'The approved payment does not match your cart. Please contact us.',
  },
};

const $ = (selector) => document.querySelector(selector);
const checkout = $('billink-checkout');
const form = $('#checkout');
let lang = localStorage.getItem('demo-lang') === 'en' ? 'en' : 'nl';
let cart;

const t = (key) => TEXTS[lang][key];
const money = (cents) =>
  new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);

function setLang(next) {
  lang = next;
  localStorage.setItem('demo-lang', lang);
  document.documentElement.lang = lang; // the Billink elements follow <html lang>
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const b of document.querySelectorAll('.lang'))
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  document.title = `Demowinkel – ${t('title')}`;
  if (cart) renderCart();
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
}

function renderCart() {
  const rows = cart.lines
    .map(
      (l) => `<tr>
        <th scope="row">${l.name}</th>
        <td><span class="qty">
          <button type="button" class="step" data-sku="${l.sku}" data-delta="-1" aria-label="${t('less')}: ${l.name}">−</button>
          <output aria-live="polite">${l.quantity}</output>
          <button type="button" class="step" data-sku="${l.sku}" data-delta="1" aria-label="${t('more')}: ${l.name}">+</button>
        </span></td>
        <td class="num">${money(l.quantity * l.unitPriceCents)}</td>
      </tr>`,
    )
    .join('');
  $('#cart-lines').innerHTML = rows;
  $('#cart-shipping').textContent = money(cart.shippingCents);
  $('#cart-discount').textContent = money(-cart.discountCents);
  $('#cart-discount-row').hidden = cart.discountCents === 0;
  $('#cart-total').textContent = money(cart.totalCents);
  lockCart(checkout.state);
  // Display only: the proxy resolves the real amount from the server-side cart (order-ref).
  checkout.orderRef = cart.id;
  checkout.amount = (cart.totalCents / 100).toFixed(2);
  for (const badge of document.querySelectorAll('.hint billink-badge')) badge.hidden = false;
}

async function loadCart(path = '/api/cart', body) {
  cart = await api(path, body);
  renderCart();
}

/** The shop already knows the customer: prefill Billink so nobody types twice. */
function syncCustomer() {
  const data = Object.fromEntries(new FormData(form));
  sessionStorage.setItem('demo-details', JSON.stringify(data));
  const pick = (keys) => Object.fromEntries(keys.filter((k) => data[k]).map((k) => [k, data[k]]));
  checkout.customer = {
    type: 'p',
    ...pick(['firstName', 'lastName', 'email', 'phone', 'birthdate']),
    billingAddress: {
      countryCode: 'NL',
      ...pick(['street', 'houseNumber', 'houseExtension', 'postalCode', 'city']),
    },
  };
}

function restoreDetails() {
  const saved = JSON.parse(sessionStorage.getItem('demo-details') ?? '{}');
  for (const [name, value] of Object.entries(saved)) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement && input.type !== 'radio') input.value = value;
  }
  syncCustomer();
}

/**
 * One form and one last step. With Billink, its pay button is the last step (the shop finishes
 * the order on billink-approved), so the shop's own "place order" is only there for other methods;
 * in direct mode the element's form asks for the details, so the shop's form steps aside.
 */
function chooseMethod() {
  const billink = form.elements.namedItem('method').value === 'billink';
  // A disabled fieldset takes the element out of the form's validation when another method is chosen.
  $('#billink-panel').disabled = !billink;
  $('#billink-panel').hidden = !billink;
  $('#place').hidden = billink;
  $('#details-panel').hidden = billink && checkout.mode === 'direct';
}

function log(type, detail) {
  const item = document.createElement('li');
  item.textContent = `${type} ${JSON.stringify(detail)}`;
  $('#log').prepend(item);
}

function showDone(orderId) {
  $('#done-order').textContent = orderId;
  $('#done').hidden = false;
  form.hidden = true;
  $('#done').focus();
}

/**
 * The browser's billink-approved is a signal, not proof: ask the shop's server, which heard it from
 * the proxy (onOrderEvent, which names the order by the shop's order number), and check the
 * approved amount is this cart's total.
 */
async function confirmApproval(orderId) {
  for (let i = 0; i < 20; i++) {
    cart = await api('/api/cart');
    const b = cart.billink;
    if (b?.status === 'approved' && b.orderNumber === cart.orderNumber) {
      if (b.amountCents === cart.totalCents) return showDone(orderId);
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  $('#place-error').textContent = t('mismatch');
}

/** No cart changes while Billink handles the payment: the amount must stay the one being paid. */
function lockCart(state) {
  const locked = ['creating-order', 'awaiting-customer', 'polling', 'approved'].includes(state);
  for (const b of document.querySelectorAll('.step')) b.disabled = locked;
}

document.addEventListener('click', async (event) => {
  const step = event.target.closest('.step');
  if (step) {
    const line = cart.lines.find((l) => l.sku === step.dataset.sku);
    await loadCart('/api/cart/items', {
      sku: line.sku,
      quantity: line.quantity + Number(step.dataset.delta),
    });
  }
  const langButton = event.target.closest('.lang');
  if (langButton) setLang(langButton.dataset.lang);
});

form.addEventListener('input', (event) => {
  if (event.target.closest('#details')) syncCustomer();
});
form.addEventListener('change', (event) => {
  if (event.target.name === 'method') chooseMethod();
  if (event.target.name === 'demo-mode') {
    checkout.mode = event.target.value;
    chooseMethod();
  }
  if (event.target.name === 'demo-open') checkout.open = event.target.value;
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  $('#place-error').textContent = '';
  if (form.elements.namedItem('method').value !== 'billink') {
    $('#place-error').textContent = t('idealOnly');
    return;
  }
  // Invalid until Billink approved: the browser shows the element's own message.
  if (checkout.reportValidity()) void confirmApproval(new FormData(form).get('billink_order'));
});

for (const type of [
  'billink-state-change',
  'billink-approved',
  'billink-declined',
  'billink-error',
  'billink-choose-other',
]) {
  checkout.addEventListener(type, (event) => log(type, event.detail));
}
checkout.addEventListener(
  'billink-approved',
  (event) => void confirmApproval(event.detail.orderId),
);
checkout.addEventListener('billink-state-change', (event) => lockCart(event.detail.state));
checkout.addEventListener('billink-choose-other', () => {
  const ideal = form.querySelector('input[value="ideal"]');
  ideal.checked = true;
  chooseMethod();
  ideal.focus();
});
$('#new-order').addEventListener('click', async () => {
  // A new cart means a new order-ref: the element starts afresh by itself.
  await loadCart('/api/cart/new', {});
  $('#done').hidden = true;
  form.hidden = false;
});

setLang(lang);
restoreDetails();
chooseMethod();
await loadCart();
