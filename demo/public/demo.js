// Switches <html lang>; the elements follow without a reload.
const select = document.getElementById('page-lang');
select.value = document.documentElement.lang;
select.addEventListener('change', () => {
  document.documentElement.lang = select.value;
});

// The checkout examples pay for the shop's own cart: an order-ref the proxy knows, never a dead end.
const cart = await (await fetch('/api/cart')).json();
for (const checkout of document.querySelectorAll('billink-checkout')) {
  checkout.orderRef = cart.id;
  checkout.amount = (cart.totalCents / 100).toFixed(2);
}
