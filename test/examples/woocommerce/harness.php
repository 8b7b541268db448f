<?php
// Runs the example plugin's PHP outside WordPress: just enough WordPress and WooCommerce stubs to
// call its functions, then prints what they produced as JSON for woocommerce.test.ts to check.
// Usage: php harness.php <path to billink-checkout.php>

define( 'ABSPATH', '/' );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'BILLINK_ORDER_REF_SECRET', 'a-shop-secret-of-at-least-32-characters!' );
define( 'BILLINK_PROXY_URL', '/billink"><img src=x onerror=alert(1)>' );
define( 'BILLINK_ORDER_SOURCE_TOKEN', str_repeat( 'k', 40 ) );

$GLOBALS['hooks']      = array();
$GLOBALS['routes']     = array();
$GLOBALS['transients'] = array();
$GLOBALS['orders']     = array();
$GLOBALS['notices']    = array();

function add_action( $hook, $cb, $priority = 10 ) { $GLOBALS['hooks'][ $hook ][] = $cb; }
function add_filter( $hook, $cb, $priority = 10 ) { $GLOBALS['hooks'][ $hook ][] = $cb; }
function apply_filters( $hook, $value ) { return $value; }
function do_action( $hook ) { foreach ( $GLOBALS['hooks'][ $hook ] ?? array() as $cb ) { $cb(); } }
function add_shortcode( $tag, $cb ) { $GLOBALS['hooks'][ 'shortcode:' . $tag ][] = $cb; }
function shortcode_atts( $defaults, $atts ) { return array_merge( $defaults, array_intersect_key( (array) $atts, $defaults ) ); }
function register_rest_route( $ns, $route, $args ) { $GLOBALS['routes'][] = array( $ns, $route, $args ); }
function esc_attr( $s ) { return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' ); }
function esc_html( $s ) { return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' ); }
function esc_html__( $s ) { return esc_html( $s ); }
function __( $s ) { return $s; }
function wp_kses_post( $s ) { return $s; }
function wpautop( $s ) { return "<p>$s</p>"; }
function wp_strip_all_tags( $s ) { return strip_tags( $s ); }
function wp_unslash( $s ) { return $s; }
function sanitize_text_field( $s ) { return trim( strip_tags( $s ) ); }
function absint( $n ) { return abs( (int) $n ); }
function determine_locale() { return 'nl_NL'; }
function plugins_url( $path ) { return '/wp-content/plugins/billink-checkout/' . $path; }
function wp_enqueue_script_module( ...$args ) { $GLOBALS['enqueued'][] = $args[1]; }
function wp_enqueue_script( ...$args ) { $GLOBALS['enqueued'][] = $args[1]; }
function wp_generate_password( $n ) { return str_repeat( 'A', $n ); }
function get_transient( $k ) { return $GLOBALS['transients'][ $k ] ?? false; }
function set_transient( $k, $v ) { $GLOBALS['transients'][ $k ] = $v; }
function get_woocommerce_currency() { return 'EUR'; }
function is_wc_endpoint_url( $e ) { return false; }
function wc_get_order( $id ) { return $GLOBALS['orders'][ $id ] ?? false; }
function wc_get_order_id_by_order_key( $key ) { foreach ( $GLOBALS['orders'] as $id => $o ) { if ( $o->get_order_key() === $key ) { return $id; } } return 0; }
function wc_add_notice( $m, $type ) { $GLOBALS['notices'][] = $m; }

class WP_Error { public $code; public $data; function __construct( $code, $msg, $data ) { $this->code = $code; $this->data = $data; } }
class WP_REST_Response { public $data; public $status; public $headers = array(); function __construct( $d, $s ) { $this->data = $d; $this->status = $s; } function header( $k, $v ) { $this->headers[ $k ] = $v; } }
class WP_REST_Request { private $h; private $p; function __construct( $h, $p ) { $this->h = $h; $this->p = $p; } function get_header( $k ) { return $this->h[ $k ] ?? null; } function get_param( $k ) { return $this->p[ $k ] ?? null; } }
class WC_Payment_Gateway { public $id; public $title; public $description; public $enabled; public $form_fields; public $supports; public $has_fields; public $method_title; public $method_description;
	function init_settings() {} function get_option( $k, $d = '' ) { return $d; } function get_return_url( $o ) { return '/checkout/order-received/'; } function is_available() { return true; } }

/** A WC_Order / WC_Customer stand-in: get_* answers from an array. */
class Fake {
	private $v; function __construct( array $v ) { $this->v = $v; }
	function __call( $name, $args ) {
		if ( strpos( $name, 'update_' ) === 0 ) { $this->v['calls'][] = array( $name, $args ); return null; }
		$k = strpos( $name, 'get_' ) === 0 ? substr( $name, 4 ) : $name;
		return $this->v[ $k ] ?? '';
	}
	function calls() { return $this->v['calls'] ?? array(); }
}
function billing( array $over = array() ) {
	return array_merge( array(
		'billing_first_name' => 'Anna', 'billing_last_name' => 'de Vries', 'billing_email' => 'anna@example.nl',
		'billing_phone' => '0612345678', 'billing_company' => '', 'billing_address_1' => 'Kerkstraat 12a',
		'billing_address_2' => '', 'billing_postcode' => '1017 GC', 'billing_city' => 'Amsterdam', 'billing_country' => 'NL',
		'shipping_address_1' => '', 'shipping_postcode' => '', 'shipping_city' => '', 'shipping_country' => '',
	), $over );
}
function item( $name, $sku, $qty, $total, $tax ) {
	return new Fake( array( 'name' => $name, 'quantity' => $qty, 'total' => $total, 'total_tax' => $tax, 'product' => new Fake( array( 'sku' => $sku ) ) ) );
}

require $argv[1];
do_action( 'rest_api_init' );

// The order of order.sample.json, as WooCommerce holds it (net amounts and tax separately).
$sample = new Fake( array_merge( billing(), array(
	'order_number' => '1042', 'order_key' => 'wc_order_sample', 'currency' => 'EUR', 'total' => '54.85', 'is_paid' => false,
	'items' => array( 7 => item( 'T-shirt, maat M', 'TSHIRT-M', 2, '41.24', '8.66' ) ),
	'shipping_total' => '4.09', 'shipping_tax' => '0.86', 'fees' => array(),
) ) );
// Awkward: 3 items for €10.00, a hostile name, a business customer, a house number with a dash,
// a discount fee, and a total one cent off the lines (WooCommerce rounds per order).
$awkward = new Fake( array_merge( billing( array( 'billing_company' => 'Bakkerij B.V.', 'billing_address_1' => 'Dorpsstraat 3-bis', 'shipping_address_1' => 'Laan 1', 'shipping_postcode' => '3511 AA', 'shipping_city' => 'Utrecht', 'shipping_country' => 'nl' ) ), array(
	'order_number' => '#2001/B', 'order_key' => 'wc_order_awkward', 'currency' => 'eur', 'total' => '15.01', 'is_paid' => false,
	'items' => array( 8 => item( '<script>alert(1)</script>Koek', '', 3, '8.26', '1.74' ) ),
	'shipping_total' => '5.00', 'shipping_tax' => '0', 'fees' => array( 3 => new Fake( array( 'name' => 'Korting', 'total' => '0', 'total_tax' => '0' ) ) ),
) ) );
$paid = new Fake( array_merge( billing(), array( 'order_key' => 'wc_order_paid', 'is_paid' => true ) ) );
$GLOBALS['orders'] = array( 1042 => $sample, 2001 => $awkward, 3001 => $paid );
set_transient( 'billink_cart_cart-abc', array( 'orderNumber' => 'cart-abc' ) );

$route = $GLOBALS['routes'][0];
$auth  = function ( $header ) use ( $route ) {
	return call_user_func( $route[2]['permission_callback'], new WP_REST_Request( null === $header ? array() : array( 'authorization' => $header ), array() ) );
};
$get = function ( $ref ) use ( $route ) {
	$r = call_user_func( $route[2]['callback'], new WP_REST_Request( array(), array( 'ref' => $ref ) ) );
	return $r instanceof WP_Error ? array( 'status' => $r->data['status'] ) : array( 'status' => $r->status, 'body' => $r->data, 'headers' => $r->headers );
};

require_once dirname( $argv[1] ) . '/includes/class-wc-gateway-billink.php';
$gateway = new WC_Gateway_Billink();
$_POST   = array();
$without = $gateway->process_payment( 1042 );
$_POST   = array( 'billink_order_id' => 'ord_123' );
class Fake_Cart { function empty_cart() { $GLOBALS['emptied'] = true; } }
function WC() { return (object) array( 'session' => null, 'cart' => new Fake_Cart() ); }
$with = $gateway->process_payment( 1042 );

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
	'rest'      => array(
		'order'   => $get( 'wc_order_sample' ),
		'paid'    => $get( 'wc_order_paid' ),
		'unknown' => $get( 'wc_order_nope' ),
		'cart'    => $get( 'cart-abc' ),
		'other'   => $get( 'cart-zzz' ),
	),
	'element'   => billink_checkout_element( array( 'ref' => 'cart-1"><script>x</script>', 'cents' => 4995, 'currency' => 'EUR' ) ),
	'badge'     => billink_checkout_badge_shortcode( array( 'text_variant' => '"><b>', 'badge' => 'white' ) ),
	'orderToken' => billink_checkout_sign_order_ref( 'wc_order_sample', BILLINK_ORDER_REF_SECRET, 600, 1893456000 ),
	'decimals'  => array_map( 'billink_checkout_decimal', array( 0, 5, 100, 4990, 4995, 123456, -250 ) ),
	'enqueued'  => $GLOBALS['enqueued'],
	'payment'   => array( 'without' => $without, 'with' => $with, 'notices' => $GLOBALS['notices'], 'calls' => $sample->calls(), 'emptied' => $GLOBALS['emptied'] ?? false ),
), JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
