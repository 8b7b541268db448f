// Billink in WooCommerce's Checkout block (plain script, no build step; its dependencies are
// declared in includes/class-billink-blocks.php). The label is Billink's logo with the mandated
// text; placing the order runs the gateway's process_payment(), which leads to the order's pay
// page where <billink-checkout> pays it.
(function () {
  const { registerPaymentMethod } = window.wc.wcBlocksRegistry;
  const { getSetting } = window.wc.wcSettings;
  const { createElement: h } = window.wp.element;
  const { decodeEntities } = window.wp.htmlEntities;

  const data = getSetting('billink_data', {});
  const title = decodeEntities(data.title || 'Achteraf betalen met Billink');

  // The logo is decorative next to a text that names Billink already (alt="").
  const label = h(
    'span',
    { className: 'billink-checkout-label' },
    data.logoUrl
      ? h('img', { src: data.logoUrl, alt: '', height: 20, className: 'billink-checkout-logo' })
      : null,
    ' ',
    h('span', null, title),
  );
  const content = h(
    'div',
    { className: 'billink-checkout-description' },
    data.description ? h('p', null, decodeEntities(data.description)) : null,
    h('p', null, decodeEntities(data.nextStep || '')),
  );

  registerPaymentMethod({
    name: 'billink',
    label,
    ariaLabel: title,
    content,
    edit: content,
    // Euros only, as the gateway says server side.
    canMakePayment: ({ cartTotals }) => !cartTotals || cartTotals.currency_code === 'EUR',
    supports: { features: data.supports || ['products'] },
  });
})();
