// Hands the approved Billink order id to WooCommerce's checkout form. WooCommerce serialises its
// form with jQuery, which skips form-associated custom elements, so the id goes into the hidden
// input the gateway renders next to <billink-checkout>; then the order is placed.
document.addEventListener('billink-approved', (event) => {
  const element = event.target;
  const form = element.closest('form');
  const input = form && form.querySelector('input[name="billink_order_id"]');
  if (!input) return;
  input.value = event.detail.orderId;
  // The element becomes a valid form control in its next render: submit after it.
  Promise.resolve(element.updateComplete).then(() => form.requestSubmit());
});
