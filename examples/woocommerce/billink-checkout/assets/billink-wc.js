// On the order's pay page: once Billink approved, on to WooCommerce's "order received" page (the
// order itself moves to processing when the proxy's signed event reaches the shop, not from
// here); "choose another method" goes to the pay page that offers the other payment methods.
document.addEventListener('billink-approved', (event) => {
  const url = event.target.dataset && event.target.dataset.returnUrl;
  if (url) window.location.assign(url);
});
document.addEventListener('billink-choose-other', (event) => {
  const url = event.target.dataset && event.target.dataset.otherUrl;
  if (url) window.location.assign(url);
});
