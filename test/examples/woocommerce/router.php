<?php
// The example plugin as a running shop for woocommerce-live.test.ts: `php -S host:port router.php`
// (one request at a time) with the WordPress stubs, orders kept between requests in the file
// BILLINK_TEST_STATE. /wp-json/… are the plugin's own REST routes (what the proxy calls); /__test/…
// is what a shop owner or WooCommerce would do (place, change status, order action, refund, look).

require __DIR__ . '/wp-stubs.php';
foreach ( array( 'BILLINK_ORDER_SOURCE_TOKEN', 'BILLINK_ORDER_EVENT_SECRET', 'BILLINK_ORDER_REF_SECRET', 'BILLINK_MERCHANT_API_URL', 'BILLINK_MERCHANT_API_KEY', 'BILLINK_PROXY_URL' ) as $name ) {
	if ( false !== getenv( $name ) ) {
		define( $name, getenv( $name ) );
	}
}
$state_file = getenv( 'BILLINK_TEST_STATE' );
$state      = is_file( $state_file ) ? unserialize( file_get_contents( $state_file ) ) : array( 'orders' => array(), 'options' => array() );
$GLOBALS['orders']  = $state['orders'];
$GLOBALS['options'] = $state['options'];

require getenv( 'BILLINK_PLUGIN' );
do_action( 'plugins_loaded' );
do_action( 'rest_api_init' );
$gateway = new WC_Gateway_Billink();

$path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
parse_str( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_QUERY ), $q );
$order = isset( $q['id'] ) ? wc_get_order( (int) $q['id'] ) : null;

if ( 0 === strpos( $path, '/wp-json/' ) ) {
	list( $status, $out ) = rest_dispatch( $_SERVER['REQUEST_METHOD'], substr( $path, 8 ), getallheaders(), file_get_contents( 'php://input' ) );
} elseif ( '/__test/seed' === $path ) {
	$GLOBALS['orders'][ (int) $q['id'] ] = sample_order( (int) $q['id'], $q['key'], isset( $q['stock'] ) ? (int) $q['stock'] : null );
	if ( isset( $q['workflow_status'] ) ) {
		$GLOBALS['options']['woocommerce_billink_settings'] = array( 'workflow_status' => $q['workflow_status'] );
	}
	if ( isset( $q['cancel_unstocked'] ) ) {
		$GLOBALS['options']['woocommerce_billink_settings']['cancel_unstocked'] = $q['cancel_unstocked'];
	}
	list( $status, $out ) = array( 201, array( 'seeded' => true ) );
} elseif ( '/__test/place' === $path ) {
	$placed = $gateway->process_payment( $order->get_id() );
	ob_start();
	do_action( 'woocommerce_receipt_billink', $order->get_id() );
	list( $status, $out ) = array( 200, array( 'placed' => $placed, 'receipt' => ob_get_clean() ) );
} elseif ( '/__test/status' === $path ) {
	$order->update_status( $q['to'] );
	list( $status, $out ) = array( 200, array( 'status' => $order->get_status() ) );
} elseif ( '/__test/action' === $path ) {
	$offered = array_key_exists( $q['action'], apply_filters( 'woocommerce_order_actions', array(), $order ) );
	if ( $offered ) {
		$_POST = $q; // The Billink box's fields, posted with the order form.
		do_action( 'woocommerce_order_action_' . $q['action'], $order );
	}
	list( $status, $out ) = array( 200, array( 'offered' => $offered ) );
} elseif ( '/__test/refund' === $path ) {
	// WooCommerce creates the refund, then asks the gateway (a retry asks again for the same one).
	$ids = array_map( function ( $r ) { return $r->get_id(); }, $order->refunds );
	if ( ! in_array( (int) $q['refund_id'], $ids, true ) ) {
		$order->refunds[] = new Fake_Refund( (int) $q['refund_id'] );
	}
	$result = $gateway->process_refund( $order->get_id(), $q['amount'], $q['reason'] ?? '' );
	list( $status, $out ) = array( 200, is_wp_error( $result ) ? array( 'error' => array( 'code' => $result->get_error_code(), 'message' => $result->get_error_message() ) ) : array( 'refunded' => $result ) );
} elseif ( '/__test/invoice' === $path ) {
	// admin-post.php?action=billink_invoice: as a user who may (can=1) or may not edit orders.
	$GLOBALS['can_edit_orders'] = ! empty( $q['can'] );
	$nonce = $q['nonce'] ?? preg_replace( '/^.*_wpnonce=/', '', billink_checkout_invoice_download_url( $order ) );
	$got   = billink_checkout_invoice_download( (int) $q['id'], $nonce );
	list( $status, $out ) = array( 200, array( 'status' => $got['status'], 'headers' => $got['headers'], 'start' => substr( $got['body'], 0, 200 ), 'bytes' => strlen( $got['body'] ) ) );
} elseif ( '/__test/pay-page' === $path ) {
	list( $status, $out ) = array( 200, array( 'redirect' => billink_checkout_paid_order_redirect( $order, (string) ( $q['key'] ?? '' ) ) ) );
} elseif ( '/__test/order' === $path && $order ) {
	list( $status, $out ) = array( 200, array( 'status' => $order->get_status(), 'meta' => $order->meta, 'notes' => $order->notes, 'box' => billink_checkout_admin_box_html( $order ) ) );
} else {
	list( $status, $out ) = array( 404, array( 'code' => 'not_found' ) );
}

file_put_contents( $state_file, serialize( array( 'orders' => $GLOBALS['orders'], 'options' => $GLOBALS['options'] ) ) );
http_response_code( $status );
header( 'Content-Type: application/json' );
echo json_encode( $out );
