// What a shop does around <billink-checkout> (an external file, so a strict CSP needs no
// 'unsafe-inline'). The events bubble, so one listener on the document catches them even before
// the bundle has loaded.
document.addEventListener('billink-approved', (event) => {
  // Billink accepted the order. The form now submits the order id (the element's `name`); your
  // server must still confirm the order's status before shipping, never trust the browser alone.
  document.getElementById('billink-result').textContent =
    'Billink order ' + event.detail.orderId + ' goedgekeurd.';
  document.getElementById('place-order').disabled = false;
});

document.addEventListener('billink-declined', () => {
  document.getElementById('place-order').disabled = true;
});

document.addEventListener('billink-choose-other', () => {
  // Show your other payment methods here.
  document.getElementById('billink-result').textContent = 'Kies een andere betaalmethode.';
});
