<?php
// Runs the example plugin's PHP outside WordPress: just enough WordPress and WooCommerce stubs to
// call its functions, then prints what they produced as JSON for woocommerce.test.ts to check.
// Usage: php harness.php <path to billink-checkout.php>

require __DIR__ . '/wp-stubs.php';

/** The plugin header's Description, as WordPress reads it (and WordPress strips tags from it). */
function get_file_data_description( string $file ): string {
	preg_match( '/^[ \t\/*#@]*Description:(.*)$/mi', file_get_contents( $file ), $m );
	return trim( $m[1] ?? '' );
}
define( 'BILLINK_ORDER_REF_SECRET', 'a-shop-secret-of-at-least-32-characters!' );
define( 'BILLINK_PROXY_URL', '/billink"><img src=x onerror=alert(1)>' );
define( 'BILLINK_ORDER_SOURCE_TOKEN', str_repeat( 'k', 40 ) );

require $argv[1];
do_action( 'rest_api_init' );

$sample = sample_order();
// Awkward: 3 items for €10.00, a hostile name, a business customer, a house number with a dash,
// a discount fee, and a total one cent off the lines (WooCommerce rounds per order).
$awkward = new Fake_Order( array_merge( billing( array( 'billing_company' => 'Bakkerij B.V.', 'billing_address_1' => 'Dorpsstraat 3-bis', 'shipping_address_1' => 'Laan 1', 'shipping_postcode' => '3511 AA', 'shipping_city' => 'Utrecht', 'shipping_country' => 'nl' ) ), array(
	'id' => 2001, 'order_number' => '#2001/B', 'order_key' => 'wc_order_awkward', 'currency' => 'eur', 'total' => '15.01', 'is_paid' => false,
	'items' => array( 8 => item( '<script>alert(1)</script>Koek', '', 3, '8.26', '1.74' ) ),
	'shipping_total' => '5.00', 'shipping_tax' => '0', 'fees' => array( 3 => new Fake( array( 'name' => 'Korting', 'total' => '0', 'total_tax' => '0' ) ) ),
) ) );
$paid = sample_order( 3001, 'wc_order_paid' );
$paid->status = 'processing';
$declined = sample_order( 1050, 'wc_order_declined' );
$GLOBALS['orders'] = array( 1042 => $sample, 2001 => $awkward, 3001 => $paid, 1050 => $declined );

$route = $GLOBALS['routes'][0];
$event_route = $GLOBALS['routes'][1];
$auth  = function ( $header ) use ( $route ) {
	return call_user_func( $route[2]['permission_callback'], new WP_REST_Request( null === $header ? array() : array( 'authorization' => $header ), array() ) );
};
$get = function ( $ref ) use ( $route ) {
	$r = call_user_func( $route[2]['callback'], new WP_REST_Request( array(), array( 'ref' => $ref ) ) );
	return $r instanceof WP_Error ? array( 'status' => $r->data['status'] ) : array( 'status' => $r->status, 'body' => $r->data, 'headers' => $r->headers );
};

$rest = array(
	'order'   => $get( 'wc_order_sample' ),
	'paid'    => $get( 'wc_order_paid' ),
	'unknown' => $get( 'wc_order_nope' ),
	'cart'    => $get( 'cart-abc' ),
);

require_once dirname( $argv[1] ) . '/includes/class-wc-gateway-billink.php';
$gateway = new WC_Gateway_Billink();
$placed  = $gateway->process_payment( 1042 );
ob_start();
do_action( 'woocommerce_receipt_billink', 1042 );
$receipt = ob_get_clean();

// The events route, signed as the proxy signs (the order source token is the default secret).
$event = function ( array $body, $secret = null, $timestamp = null, $path_ref = 'wc_order_sample' ) {
	$raw = json_encode( $body );
	$ts  = (string) ( $timestamp ?? time() );
	$sig = 'sha256=' . hash_hmac( 'sha256', $ts . '.' . $raw, $secret ?? BILLINK_ORDER_SOURCE_TOKEN );
	return rest_dispatch( 'POST', '/billink/v1/orders/' . $path_ref . '/billink-events', array( 'Billink-Event-Timestamp' => $ts, 'Billink-Event-Signature' => $sig ), $raw );
};
$approved = array( 'id' => 'ev1', 'orderRef' => 'wc_order_sample', 'orderNumber' => '1042', 'invoiceNumber' => 'INV-1042', 'type' => 'approved', 'at' => '2026-11-22T10:00:00.000Z', 'sequence' => 1, 'amountCents' => 5485 );
$events   = array(
	'forged'    => $event( $approved, str_repeat( 'x', 40 ) ),
	'stale'     => $event( $approved, null, time() - 301 ),
	'otherPath' => $event( $approved, null, null, 'wc_order_awkward' ),
	'unknown'   => $event( array_merge( $approved, array( 'orderRef' => 'wc_order_nope' ) ), null, null, 'wc_order_nope' ),
	'statusBefore' => $sample->status,
	'approved'  => $event( $approved ),
	'again'     => $event( $approved ),
	'statusAfter' => $sample->status,
	'wrongAmount' => $event( array_merge( $approved, array( 'orderRef' => 'wc_order_awkward', 'id' => 'ev2', 'orderNumber' => '2001' ) ), null, null, 'wc_order_awkward' ),
	'awkwardStatus' => $awkward->status,
	'shipped'   => $event( array( 'id' => 'ev3', 'orderRef' => 'wc_order_sample', 'orderNumber' => '1042', 'type' => 'shipped', 'at' => '2026-11-22T10:00:00.000Z', 'sequence' => 2, 'by' => 'billink' ) ),
	'review'    => $event( array( 'id' => 'ev4', 'orderRef' => 'wc_order_sample', 'orderNumber' => '1042', 'type' => 'needs_review', 'at' => '2026-11-22T10:00:00.000Z', 'sequence' => 3, 'amountCents' => 6000, 'reason' => 'amount_mismatch', 'billinkInvoiceNumber' => 'INV-9' ) ),
	'declined'  => $event( array( 'id' => 'ev5', 'orderRef' => 'wc_order_declined', 'orderNumber' => '1050', 'type' => 'declined', 'at' => '2026-11-22T10:00:00.000Z', 'sequence' => 1 ), null, null, 'wc_order_declined' ),
	'declinedStatus' => $declined->status,
	'declinedNotes'  => $declined->notes,
	'paidRedirect'   => array(
		'paid'     => billink_checkout_paid_order_redirect( $sample, 'wc_order_sample' ),
		'wrongKey' => billink_checkout_paid_order_redirect( $sample, 'wc_order_other' ),
		'unpaid'   => billink_checkout_paid_order_redirect( $declined, 'wc_order_declined' ),
	),
	'notes'     => $sample->notes,
	'meta'      => array_intersect_key( $sample->meta, array_flip( array( '_billink_order_ref', '_billink_order_number', '_billink_invoice_number', '_transaction_id', '_billink_workflow_started' ) ) ),
	'box'       => billink_checkout_admin_box_html( $sample ),
	'actions'   => apply_filters( 'woocommerce_order_actions', array(), $sample ),
	'noActions' => apply_filters( 'woocommerce_order_actions', array(), $paid ),
);

echo json_encode( array(
	'sample'    => billink_checkout_order_from_wc_order( $sample ),
	'awkward'   => billink_checkout_order_from_wc_order( $awkward ),
	'route'     => array( $route[0], $route[1], $route[2]['methods'] ),
	'auth'      => array(
		'right'        => $auth( 'Bearer ' . BILLINK_ORDER_SOURCE_TOKEN ),
		'lowercase'    => $auth( 'bearer ' . BILLINK_ORDER_SOURCE_TOKEN ),
		'wrong'        => $auth( 'Bearer ' . str_repeat( 'x', 40 ) ),
		'prefix'       => $auth( 'Bearer ' . substr( BILLINK_ORDER_SOURCE_TOKEN, 0, 39 ) ),
		'missing'      => $auth( null ),
		'basic'        => $auth( 'Basic ' . BILLINK_ORDER_SOURCE_TOKEN ),
	),
	'rest'      => $rest,
	'element'   => billink_checkout_element( array( 'ref' => 'cart-1"><script>x</script>', 'cents' => 4995, 'currency' => 'EUR', 'return_url' => '/thanks?a=1&b="2' ) ),
	'badge'     => billink_checkout_badge_shortcode( array( 'text_variant' => '"><b>', 'badge' => 'white' ) ),
	'orderToken' => billink_checkout_sign_order_ref( 'wc_order_sample', BILLINK_ORDER_REF_SECRET, 600, 1893456000 ),
	'decimals'  => array_map( 'billink_checkout_decimal', array( 0, 5, 100, 4990, 4995, 123456, -250 ) ),
	'enqueued'  => array_values( $GLOBALS['enqueued'] ),
	'payment'   => array( 'placed' => $placed, 'receipt' => $receipt, 'emptied' => $GLOBALS['emptied'] ?? false, 'supports' => $gateway->supports, 'workflowStatus' => $gateway->form_fields['workflow_status']['default'] ),
	'events'    => $events,
	'gateway'   => array(
		'title'           => $gateway->title,
		'icon'            => $gateway->icon,
		'titleOptions'    => array_keys( $gateway->form_fields['title']['options'] ),
		'workflowOptions' => array_keys( $gateway->form_fields['workflow_status']['options'] ),
		'cancelUnstocked' => $gateway->form_fields['cancel_unstocked']['default'],
	),
	'description' => strip_tags( get_file_data_description( $argv[1] ) ),
), JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
