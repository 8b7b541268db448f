<?php
// Just enough WordPress and WooCommerce to run the example plugin outside WordPress: hooks that run,
// REST routes, options, HTTP over PHP streams (no curl needed), and orders that keep their status,
// meta, notes and refunds. Used by harness.php (one CLI run) and router.php (a `php -S` shop).

define( 'ABSPATH', '/' );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );

$GLOBALS['hooks']    = array();
$GLOBALS['routes']   = array();
$GLOBALS['orders']   = array();
$GLOBALS['options']  = array();
$GLOBALS['notices']  = array();
$GLOBALS['enqueued'] = array();

function add_action( $hook, $cb, $priority = 10, $args = 1 ) { $GLOBALS['hooks'][ $hook ][] = $cb; }
function add_filter( $hook, $cb, $priority = 10, $args = 1 ) { $GLOBALS['hooks'][ $hook ][] = $cb; }
function apply_filters( $hook, $value, ...$args ) { foreach ( $GLOBALS['hooks'][ $hook ] ?? array() as $cb ) { $value = $cb( $value, ...$args ); } return $value; }
function do_action( $hook, ...$args ) { foreach ( $GLOBALS['hooks'][ $hook ] ?? array() as $cb ) { $cb( ...$args ); } }
function add_shortcode( $tag, $cb ) { $GLOBALS['hooks'][ 'shortcode:' . $tag ][] = $cb; }
function add_meta_box( $id, $title, $cb, $screen, $context = 'advanced' ) { $GLOBALS['meta_boxes'][ $screen ] = $cb; }
function shortcode_atts( $defaults, $atts ) { return array_merge( $defaults, array_intersect_key( (array) $atts, $defaults ) ); }
function register_rest_route( $ns, $route, $args ) { $GLOBALS['routes'][] = array( $ns, $route, $args ); }
function __return_true() { return true; }
function esc_attr( $s ) { return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' ); }
function esc_html( $s ) { return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' ); }
function esc_html__( $s ) { return esc_html( $s ); }
function __( $s ) { return $s; }
function wp_kses_post( $s ) { return $s; }
function wpautop( $s ) { return "<p>$s</p>"; }
function wp_strip_all_tags( $s ) { return strip_tags( $s ); }
function wp_unslash( $s ) { return $s; }
function wp_json_encode( $v ) { return json_encode( $v ); }
function sanitize_text_field( $s ) { return trim( strip_tags( $s ) ); }
function sanitize_textarea_field( $s ) { return trim( strip_tags( $s ) ); }
function esc_url( $s ) { return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' ); }
function admin_url( $path ) { return '/wp-admin/' . $path; }
function wp_nonce_url( $url, $action ) { return $url . '&_wpnonce=' . substr( md5( $action ), 0, 10 ); }
function wp_verify_nonce( $nonce, $action ) { return substr( md5( $action ), 0, 10 ) === $nonce ? 1 : false; }
function current_user_can( $cap ) { return ! empty( $GLOBALS['can_edit_orders'] ); }
function wp_generate_uuid4() { return sprintf( '%08x-0000-4000-8000-%012x', mt_rand(), mt_rand() ); }
function absint( $n ) { return abs( (int) $n ); }
function determine_locale() { return 'nl_NL'; }
function plugins_url( $path ) { return '/wp-content/plugins/billink-checkout/' . $path; }
function wp_enqueue_script_module( ...$args ) { $GLOBALS['enqueued'][ $args[0] . ':module' ] = $args[1]; } // once per handle
function wp_enqueue_script( ...$args ) { $GLOBALS['enqueued'][ $args[0] ] = $args[1]; }
function wp_generate_password( $n ) { return str_repeat( 'A', $n ); }
function get_option( $k, $default = false ) { return $GLOBALS['options'][ $k ] ?? $default; }
function get_woocommerce_currency() { return 'EUR'; }
function is_wc_endpoint_url( $e ) { return false; }
function wc_get_order( $id ) { return $GLOBALS['orders'][ $id ] ?? false; }
function wc_get_order_id_by_order_key( $key ) { foreach ( $GLOBALS['orders'] as $id => $o ) { if ( $o->get_order_key() === $key ) { return $id; } } return 0; }
function wc_get_order_statuses() { return array( 'wc-pending' => 'Pending payment', 'wc-processing' => 'Processing', 'wc-on-hold' => 'On hold', 'wc-completed' => 'Completed', 'wc-cancelled' => 'Cancelled', 'wc-refunded' => 'Refunded', 'wc-failed' => 'Failed', 'wc-checkout-draft' => 'Draft', 'wc-shipped' => 'Shipped' ); }
function wc_add_notice( $m, $type ) { $GLOBALS['notices'][] = $m; }
function is_wp_error( $v ) { return $v instanceof WP_Error; }

/** WordPress's HTTP API over PHP streams. */
function wp_remote_request( $url, $args ) {
	$headers = '';
	foreach ( $args['headers'] ?? array() as $k => $v ) { $headers .= "$k: $v\r\n"; }
	$context = stream_context_create( array( 'http' => array(
		'method' => $args['method'] ?? 'GET', 'header' => $headers, 'content' => $args['body'] ?? '',
		'ignore_errors' => true, 'timeout' => $args['timeout'] ?? 5,
	) ) );
	$body = @file_get_contents( $url, false, $context );
	if ( false === $body ) { return new WP_Error( 'http_request_failed', 'Could not reach ' . $url, array() ); }
	preg_match( '#^HTTP/\S+ (\d+)#', $http_response_header[0] ?? '', $m );
	$GLOBALS['http_log'][] = array( $args['method'] ?? 'GET', $url, $args['headers'] ?? array(), $args['body'] ?? null, (int) ( $m[1] ?? 0 ) );
	$type = '';
	foreach ( $http_response_header as $line ) { if ( preg_match( '/^content-type:\s*(.*)$/i', $line, $t ) ) { $type = trim( $t[1] ); } }
	return array( 'code' => (int) ( $m[1] ?? 0 ), 'body' => $body, 'type' => $type );
}
function wp_remote_retrieve_header( $r, $name ) { return 'content-type' === strtolower( $name ) ? $r['type'] : ''; }
function wp_remote_retrieve_response_code( $r ) { return $r['code']; }
function wp_remote_retrieve_body( $r ) { return $r['body']; }

class WP_Error {
	public $code; public $message; public $data;
	function __construct( $code = '', $msg = '', $data = array() ) { $this->code = $code; $this->message = $msg; $this->data = $data; }
	function get_error_message() { return $this->message; }
	function get_error_code() { return $this->code; }
	function get_error_data() { return $this->data; }
}
class WP_REST_Response { public $data; public $status; public $headers = array(); function __construct( $d, $s ) { $this->data = $d; $this->status = $s; } function header( $k, $v ) { $this->headers[ $k ] = $v; } }
/** Header names canonicalised as WordPress does: lower case, '-' → '_'. */
class WP_REST_Request {
	private $h = array(); private $p; private $body;
	function __construct( $h, $p, $body = '' ) { foreach ( (array) $h as $k => $v ) { $this->h[ self::canon( $k ) ] = $v; } $this->p = $p; $this->body = $body; }
	static function canon( $k ) { return str_replace( '-', '_', strtolower( $k ) ); }
	function get_header( $k ) { return $this->h[ self::canon( $k ) ] ?? null; }
	function get_param( $k ) { return $this->p[ $k ] ?? null; }
	function get_body() { return $this->body; }
}
class WC_Payment_Gateway { public $id; public $title; public $description; public $enabled; public $form_fields; public $supports; public $has_fields; public $method_title; public $method_description;
	function init_settings() {} function get_option( $k, $d = '' ) { return $d; } function get_return_url( $o ) { return '/checkout/order-received/'; } function is_available() { return true; } }

/** A WC_Order / WC_Customer / item stand-in: get_* answers from an array. */
class Fake {
	protected $v; function __construct( array $v ) { $this->v = $v; }
	function __call( $name, $args ) {
		if ( strpos( $name, 'update_' ) === 0 ) { $this->v['calls'][] = array( $name, $args ); return null; }
		$k = strpos( $name, 'get_' ) === 0 ? substr( $name, 4 ) : $name;
		return $this->v[ $k ] ?? '';
	}
	function calls() { return $this->v['calls'] ?? array(); }
}

/** An order with WooCommerce's behaviour where the plugin relies on it. */
class Fake_Order extends Fake {
	public $meta = array(); public $status = 'pending'; public $notes = array(); public $refunds = array();
	function get_id() { return $this->v['id']; }
	function get_status() { return $this->status; }
	function get_payment_method() { return $this->v['payment_method'] ?? 'billink'; }
	function get_meta( $k ) { return $this->meta[ $k ] ?? ''; }
	function update_meta_data( $k, $v ) { $this->meta[ $k ] = $v; }
	function add_order_note( $note ) { $this->notes[] = $note; }
	function has_status( $s ) { return in_array( $this->status, (array) $s, true ); }
	function is_paid() { return in_array( $this->status, array( 'processing', 'completed' ), true ); }
	function needs_payment() { return ! $this->is_paid(); }
	function get_checkout_order_received_url() { return '/checkout/order-received/' . $this->get_id() . '/?key=' . $this->get_order_key(); }
	function get_checkout_payment_url( $on_checkout = false ) { return '/checkout/order-pay/' . $this->get_id() . '/?key=' . $this->get_order_key() . ( $on_checkout ? '' : '&pay_for_order=true' ); }
	function get_refunds() { return array_reverse( $this->refunds ); }
	function save() { return $this->get_id(); }
	function update_status( $to, $note = '' ) {
		$from = $this->status;
		$this->status = $to;
		if ( '' !== $note ) { $this->notes[] = $note; }
		if ( $from !== $to ) { do_action( 'woocommerce_order_status_changed', $this->get_id(), $from, $to, $this ); }
	}
	function payment_complete( $transaction_id = '' ) { $this->meta['_transaction_id'] = $transaction_id; $this->update_status( 'processing' ); }
}
class Fake_Refund { private $id; function __construct( $id ) { $this->id = $id; } function get_id() { return $this->id; } }
class Fake_Cart { function empty_cart() { $GLOBALS['emptied'] = true; } }
function WC() { return (object) array( 'session' => null, 'cart' => new Fake_Cart() ); }

function billing( array $over = array() ) {
	return array_merge( array(
		'billing_first_name' => 'Anna', 'billing_last_name' => 'de Vries', 'billing_email' => 'anna@example.nl',
		'billing_phone' => '0612345678', 'billing_company' => '', 'billing_address_1' => 'Kerkstraat 12a',
		'billing_address_2' => '', 'billing_postcode' => '1017 GC', 'billing_city' => 'Amsterdam', 'billing_country' => 'NL',
		'shipping_address_1' => '', 'shipping_postcode' => '', 'shipping_city' => '', 'shipping_country' => '',
	), $over );
}
/** A line; with $stock its product manages stock (that many left, no backorders). */
function item( $name, $sku, $qty, $total, $tax, $stock = null ) {
	$product = array( 'sku' => $sku, 'managing_stock' => null !== $stock, 'stock_quantity' => $stock, 'backorders_allowed' => false );
	return new Fake( array( 'name' => $name, 'quantity' => $qty, 'total' => $total, 'total_tax' => $tax, 'product' => new Fake( $product ) ) );
}
/** The order of order.sample.json, as WooCommerce holds it (net amounts and tax separately). */
function sample_order( $id = 1042, $key = 'wc_order_sample', $stock = null ) {
	return new Fake_Order( array_merge( billing(), array(
		'id' => $id, 'order_number' => (string) $id, 'order_key' => $key, 'currency' => 'EUR', 'total' => '54.85',
		'items' => array( 7 => item( 'T-shirt, maat M', 'TSHIRT-M', 2, '41.24', '8.66', $stock ) ),
		'shipping_total' => '4.09', 'shipping_tax' => '0.86', 'fees' => array(),
	) ) );
}

/** Calls a registered REST route as WordPress would; returns [status, body]. */
function rest_dispatch( string $method, string $path, array $headers, string $body ) {
	foreach ( $GLOBALS['routes'] as list( $ns, $route, $args ) ) {
		if ( ! preg_match( '#^/' . preg_quote( $ns, '#' ) . $route . '$#', $path, $m ) || strtoupper( $args['methods'] ) !== $method ) {
			continue;
		}
		$request = new WP_REST_Request( $headers, array_filter( $m, 'is_string', ARRAY_FILTER_USE_KEY ), $body );
		$allowed = call_user_func( $args['permission_callback'], $request );
		if ( true !== $allowed ) {
			return array( 401, array( 'code' => 'rest_forbidden' ) );
		}
		$result = call_user_func( $args['callback'], $request );
		if ( $result instanceof WP_Error ) {
			return array( $result->data['status'] ?? 500, array( 'code' => $result->code, 'message' => $result->message ) );
		}
		return array( $result->status, $result->data );
	}
	return array( 404, array( 'code' => 'rest_no_route' ) );
}
