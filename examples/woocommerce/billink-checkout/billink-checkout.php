<?php
/**
 * Plugin Name:       Billink Checkout (example)
 * Description:       Billink "achteraf betalen" with the billink-checkout web component, in the classic and the block checkout. The payment runs through the billink-proxy service; this plugin renders the element, shows the badge, tells the proxy the authoritative amounts, hears every outcome from it and starts Billink's workflow and credits through its merchant API.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Requires PHP:      7.4
 * WC requires at least: 8.3
 * WC tested up to:  10.0
 * License:           MIT
 * Text Domain:       billink-checkout
 *
 * Configuration, in wp-config.php:
 *   define( 'BILLINK_PROXY_URL', 'https://pay.example.nl/billink' ); // where billink-proxy answers
 *   define( 'BILLINK_ORDER_SOURCE_TOKEN', '…at least 32 random characters…' );
 *   define( 'BILLINK_ORDER_REF_SECRET', '…at least 32 other random characters…' );
 * and on the proxy: ORDER_SOURCE_URL=https://shop.example.nl/wp-json/billink/v1/orders
 *                   ORDER_SOURCE_TOKEN=<the same token>
 *                   ORDER_REF_SECRET=<the same secret> (only this page's shopper can pay its order)
 *                   ALLOWED_ORIGINS=https://shop.example.nl (when the proxy has its own origin)
 *                   MERCHANT_API_KEY, ORDER_EVENT_SECRET: see includes/lifecycle.php
 */

defined( 'ABSPATH' ) || exit;

define( 'BILLINK_CHECKOUT_VERSION', '0.1.0' );
define( 'BILLINK_CHECKOUT_FILE', __FILE__ );

/**
 * The texts Billink allows next to its logo (its brand guide; the same as the element's locales,
 * src/i18n/locales/{nl,en}.ts badge.text): the payment method's title is one of them.
 */
function billink_checkout_titles(): array {
	return array(
		'Achteraf betalen met Billink',
		'Betaal achteraf met Billink',
		'Achteraf betalen',
		'Pay later with Billink',
		'Pay afterwards with Billink',
		'Pay afterwards',
	);
}

/** The title for a setting: one of Billink's texts, else the default text in the shop's language. */
function billink_checkout_title( string $setting ): string {
	if ( in_array( $setting, billink_checkout_titles(), true ) ) {
		return $setting;
	}
	return 'nl' === billink_checkout_locale() ? 'Achteraf betalen met Billink' : 'Pay later with Billink';
}

/** Billink's logo as its brand guide asks (its CDN); `billink_checkout_logo_url` points it elsewhere. */
function billink_checkout_logo_url(): string {
	return (string) apply_filters( 'billink_checkout_logo_url', 'https://cdn.billink.nl/assets/lockup/svg/billink-logo-default.svg' );
}

/**
 * The statuses that may start Billink's workflow: the shop's statuses except those of an order
 * that is not (or no longer) going to be delivered.
 */
function billink_checkout_workflow_statuses(): array {
	$never = array( 'wc-pending', 'wc-cancelled', 'wc-refunded', 'wc-failed', 'wc-checkout-draft' );
	return array_diff_key( wc_get_order_statuses(), array_flip( $never ) );
}

/** Base URL of the proxy the element talks to. */
function billink_checkout_proxy_url(): string {
	return defined( 'BILLINK_PROXY_URL' ) ? (string) BILLINK_PROXY_URL : '/billink';
}

/** Integer cents from a WooCommerce amount ("49.95", 49.95). */
function billink_checkout_cents( $amount ): int {
	return (int) round( ( (float) $amount ) * 100 );
}

/** "49.95" from 4995: the element's display amount, exact (no float formatting). */
function billink_checkout_decimal( int $cents ): string {
	$sign = $cents < 0 ? '-' : '';
	$abs  = abs( $cents );
	return sprintf( '%s%d.%02d', $sign, intdiv( $abs, 100 ), $abs % 100 );
}

/** "nl" or "en" from the site or user locale (nl_NL, nl_BE, en_US, …); the element folds the rest. */
function billink_checkout_locale(): string {
	$locale = function_exists( 'determine_locale' ) ? determine_locale() : get_locale();
	return strtolower( substr( (string) $locale, 0, 2 ) );
}

/**
 * The Order JSON the proxy expects from its order source (ORDER_SOURCE_URL):
 * { orderNumber, currency, lines: [{ code, name, quantity, unitPriceCents, vatRate }], totalCents,
 *   customer?, billingAddress?, shippingAddress? } — amounts incl. VAT in integer cents, and the
 * lines add up to totalCents exactly (the proxy refuses an order that does not).
 *
 * Keep in sync with order.sample.json next to this file (the proxy's schema is checked against
 * that sample, and against this function's output when PHP is available, by
 * test/examples/woocommerce.test.ts).
 *
 * @param string  $number   Order number: letters, digits, '_' and '-' only (Billink's rule).
 * @param string  $currency ISO 4217, e.g. EUR.
 * @param array[] $lines    Each [ 'code', 'name', 'quantity', 'total' (incl. VAT), 'tax' ].
 * @param mixed   $total    The order total incl. VAT.
 * @param object|null $billing Anything with WooCommerce's get_billing_* / get_shipping_* getters
 *                             (WC_Order, WC_Customer), or null.
 */
function billink_checkout_order_json( string $number, string $currency, array $lines, $total, $billing = null ): array {
	$out = array();
	$sum = 0;
	foreach ( $lines as $line ) {
		$quantity   = max( 1, (int) $line['quantity'] );
		$line_cents = billink_checkout_cents( $line['total'] );
		$net        = (float) $line['total'] - (float) $line['tax'];
		$vat_rate   = abs( $net ) > 0.0001 ? round( ( (float) $line['tax'] / $net ) * 100, 1 ) : 0.0;
		$name       = billink_checkout_text( $line['name'], 255, 'Item' );
		if ( 0 !== $line_cents % $quantity ) {
			// A unit price in whole cents would not add up to the line total: one line for all.
			$name     = billink_checkout_text( $quantity . ' × ' . $line['name'], 255, 'Item' );
			$quantity = 1;
		}
		$out[] = array(
			'code'           => billink_checkout_text( $line['code'], 50, 'item' ),
			'name'           => $name,
			'quantity'       => $quantity,
			'unitPriceCents' => intdiv( $line_cents, $quantity ),
			'vatRate'        => max( 0.0, min( 100.0, $vat_rate ) ),
		);
		$sum += $line_cents;
	}
	$total_cents = billink_checkout_cents( $total );
	if ( $sum !== $total_cents ) {
		// WooCommerce rounds per order, we per line: the cent or two of difference gets its own line.
		$out[] = array(
			'code'           => 'rounding',
			'name'           => 'Afronding',
			'quantity'       => 1,
			'unitPriceCents' => $total_cents - $sum,
			'vatRate'        => 0.0,
		);
	}

	$order = array(
		'orderNumber' => substr( preg_replace( '/[^A-Za-z0-9_-]/', '-', $number ), 0, 50 ),
		'currency'    => strtoupper( $currency ),
		'lines'       => $out,
		'totalCents'  => $total_cents,
	);
	if ( $billing ) {
		$customer = billink_checkout_customer( $billing );
		if ( $customer ) {
			$order['customer'] = $customer;
		}
		foreach ( array( 'billing', 'shipping' ) as $kind ) {
			$address = billink_checkout_address( $billing, $kind );
			if ( $address ) {
				$order[ $kind . 'Address' ] = $address;
			}
		}
	}
	return $order;
}

/** Trimmed, at most $max characters, never empty (the proxy requires a non-empty text). */
function billink_checkout_text( $value, int $max, string $fallback ): string {
	$text = trim( wp_strip_all_tags( (string) $value ) );
	$text = function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $max ) : substr( $text, 0, $max );
	return '' === $text ? $fallback : $text;
}

/** The customer from billing details, or null when a required field is missing. */
function billink_checkout_customer( $source ): ?array {
	$customer = array(
		'type'      => '' !== trim( (string) $source->get_billing_company() ) ? 'b' : 'p',
		'firstName' => trim( (string) $source->get_billing_first_name() ),
		'lastName'  => trim( (string) $source->get_billing_last_name() ),
		'email'     => trim( (string) $source->get_billing_email() ),
		'phone'     => trim( (string) $source->get_billing_phone() ),
	);
	foreach ( $customer as $value ) {
		if ( '' === $value ) {
			return null;
		}
	}
	if ( 'b' === $customer['type'] ) {
		$customer['company'] = substr( trim( (string) $source->get_billing_company() ), 0, 50 );
	}
	return $customer;
}

/**
 * A Billink address from WooCommerce's address line ("Kerkstraat 12 a" → street, houseNumber,
 * houseExtension), or null when incomplete or without a house number.
 */
function billink_checkout_address( $source, string $kind ): ?array {
	$get    = function ( string $field ) use ( $source, $kind ) {
		$method = "get_{$kind}_{$field}";
		return trim( (string) $source->$method() );
	};
	$line   = trim( $get( 'address_1' ) . ' ' . $get( 'address_2' ) );
	$postal = $get( 'postcode' );
	$city   = $get( 'city' );
	$land   = strtoupper( $get( 'country' ) );
	if ( ! preg_match( '/^(.+?)\s+(\d+)\s*[-\/]?\s*([A-Za-z0-9 -]{0,10})$/u', $line, $m ) || '' === $postal || '' === $city || ! preg_match( '/^[A-Z]{2}$/', $land ) ) {
		return null;
	}
	$address = array(
		'street'      => $m[1],
		'houseNumber' => $m[2],
		'postalCode'  => $postal,
		'city'        => $city,
		'countryCode' => $land,
	);
	if ( '' !== trim( $m[3] ) ) {
		$address['houseExtension'] = trim( $m[3] );
	}
	return $address;
}

/** The order lines of a WC_Order (products, shipping, fees) for billink_checkout_order_json(). */
function billink_checkout_order_lines( $order ): array {
	$lines = array();
	foreach ( $order->get_items() as $id => $item ) {
		$product = $item->get_product();
		$sku     = $product ? (string) $product->get_sku() : '';
		$lines[] = array(
			'code'     => '' !== $sku ? $sku : 'item-' . $id,
			'name'     => $item->get_name(),
			'quantity' => $item->get_quantity(),
			'total'    => (float) $item->get_total() + (float) $item->get_total_tax(),
			'tax'      => (float) $item->get_total_tax(),
		);
	}
	$shipping = (float) $order->get_shipping_total() + (float) $order->get_shipping_tax();
	if ( $shipping > 0 ) {
		$lines[] = array(
			'code'     => 'shipping',
			'name'     => 'Verzending',
			'quantity' => 1,
			'total'    => $shipping,
			'tax'      => (float) $order->get_shipping_tax(),
		);
	}
	foreach ( $order->get_fees() as $id => $fee ) {
		$lines[] = array(
			'code'     => 'fee-' . $id,
			'name'     => $fee->get_name(),
			'quantity' => 1,
			'total'    => (float) $fee->get_total() + (float) $fee->get_total_tax(),
			'tax'      => (float) $fee->get_total_tax(),
		);
	}
	return $lines;
}

/** A WC_Order as Order JSON; its order key is the reference the element sends. */
function billink_checkout_order_from_wc_order( $order ): array {
	return billink_checkout_order_json(
		(string) $order->get_order_number(),
		(string) $order->get_currency(),
		billink_checkout_order_lines( $order ),
		$order->get_total(),
		$order
	);
}

/**
 * The `order-token` for <billink-checkout>: binds the ref to this page view, so a stranger who knows
 * or guesses a ref (order keys leak in e-mails and URLs) cannot see, block or pay that order. The
 * same format as signOrderRef() in billink-checkout/server: "{expires}.{base64url HMAC-SHA256 of
 * "{ref}.{expires}"}".
 */
function billink_checkout_sign_order_ref( string $order_ref, string $secret, int $expires_in_seconds, ?int $now = null ): string {
	$expires = ( null === $now ? time() : $now ) + $expires_in_seconds;
	$mac     = hash_hmac( 'sha256', $order_ref . '.' . $expires, $secret, true );
	return $expires . '.' . rtrim( strtr( base64_encode( $mac ), '+/', '-_' ), '=' );
}

/**
 * The <billink-checkout> markup for an order (its key is the ref); every value escaped. The order
 * exists before the shopper meets Billink, so Billink's order number is WooCommerce's.
 * data-return-url: where the page goes once approved; data-other-url: to pick another method.
 */
function billink_checkout_element( array $payment ): string {
	$token = defined( 'BILLINK_ORDER_REF_SECRET' )
		? billink_checkout_sign_order_ref( (string) $payment['ref'], (string) BILLINK_ORDER_REF_SECRET, DAY_IN_SECONDS )
		: '';
	return sprintf(
		'<billink-checkout proxy-url="%s" order-ref="%s"%s amount="%s" currency="%s" locale="%s" data-return-url="%s" data-other-url="%s"></billink-checkout>',
		esc_attr( billink_checkout_proxy_url() ),
		esc_attr( $payment['ref'] ),
		'' !== $token ? ' order-token="' . esc_attr( $token ) . '"' : '',
		esc_attr( billink_checkout_decimal( (int) $payment['cents'] ) ),
		esc_attr( $payment['currency'] ),
		esc_attr( billink_checkout_locale() ),
		esc_attr( isset( $payment['return_url'] ) ? $payment['return_url'] : '' ),
		esc_attr( isset( $payment['other_url'] ) ? $payment['other_url'] : '' )
	);
}

/** [billink_badge text_variant="short" badge="white"]: only Billink's allowed values pass. */
function billink_checkout_badge_shortcode( $atts ): string {
	$atts    = shortcode_atts(
		array(
			'text_variant' => 'default',
			'badge'        => 'orange',
		),
		$atts,
		'billink_badge'
	);
	$variant = in_array( $atts['text_variant'], array( 'default', 'alternate', 'short' ), true ) ? $atts['text_variant'] : 'default';
	$style   = in_array( $atts['badge'], array( 'orange', 'white', 'black' ), true ) ? $atts['badge'] : 'orange';
	billink_checkout_enqueue();
	return sprintf(
		'<billink-badge locale="%s" text-variant="%s" badge="%s"></billink-badge>',
		esc_attr( billink_checkout_locale() ),
		esc_attr( $variant ),
		esc_attr( $style )
	);
}
add_shortcode( 'billink_badge', 'billink_checkout_badge_shortcode' );

/**
 * The badge under the price on product pages, server-rendered (it paints before any script) and
 * upgraded by the badge-only bundle (assets/billink-badge.es.js and the chunks next to it), not the
 * whole checkout. `add_filter( 'billink_checkout_product_badge', '__return_false' )` turns it off.
 */
function billink_checkout_product_badge(): void {
	if ( apply_filters( 'billink_checkout_product_badge', true ) ) {
		require_once __DIR__ . '/includes/badge-markup.php';
		if ( function_exists( 'wp_enqueue_script_module' ) ) {
			wp_enqueue_script_module( 'billink-badge', plugins_url( 'assets/billink-badge.es.js', __FILE__ ), array(), BILLINK_CHECKOUT_VERSION );
		}
		echo billink_checkout_badge_markup( billink_checkout_locale() ); // phpcs:ignore WordPress.Security.EscapeOutput -- generated markup, constant per locale.
	}
}
add_action( 'woocommerce_single_product_summary', 'billink_checkout_product_badge', 15 );

/**
 * The bundle as an ES module (WordPress 6.5+ script modules; loaded once however often it is
 * enqueued) and the small script that hands the approved order id to WooCommerce's form.
 */
function billink_checkout_enqueue(): void {
	if ( function_exists( 'wp_enqueue_script_module' ) ) {
		wp_enqueue_script_module( 'billink-checkout', plugins_url( 'assets/billink-checkout.es.js', __FILE__ ), array(), BILLINK_CHECKOUT_VERSION );
	}
	wp_enqueue_script(
		'billink-checkout-wc',
		plugins_url( 'assets/billink-wc.js', __FILE__ ),
		array(),
		BILLINK_CHECKOUT_VERSION,
		array(
			'in_footer' => true,
			'strategy'  => 'defer',
		)
	);
}
add_action(
	'wp_enqueue_scripts',
	function () {
		if ( function_exists( 'is_checkout' ) && ( is_checkout() || is_cart() || is_product() ) ) {
			billink_checkout_enqueue();
		}
	}
);

/**
 * GET /wp-json/billink/v1/orders/{ref}: the proxy's order source (ORDER_SOURCE_URL). Only for a
 * caller with the bearer token; 404 for an unknown or already paid order.
 */
function billink_checkout_rest_authorized( $request ): bool {
	$expected = defined( 'BILLINK_ORDER_SOURCE_TOKEN' ) ? (string) BILLINK_ORDER_SOURCE_TOKEN : '';
	if ( strlen( $expected ) < 32 ) {
		return false; // Not configured (or a guessable token): nobody gets in.
	}
	$header = (string) $request->get_header( 'authorization' );
	if ( ! preg_match( '/^Bearer\s+(\S+)$/i', $header, $m ) ) {
		return false;
	}
	return hash_equals( $expected, $m[1] );
}

function billink_checkout_rest_order( $request ) {
	$ref   = (string) $request->get_param( 'ref' );
	$order = null;
	if ( 0 === strpos( $ref, 'wc_order_' ) ) {
		$wc_order = wc_get_order( wc_get_order_id_by_order_key( $ref ) );
		if ( $wc_order && ! $wc_order->is_paid() ) {
			$order = billink_checkout_order_from_wc_order( $wc_order );
		}
	}
	if ( ! $order ) {
		return new WP_Error( 'billink_unknown_order', 'Unknown order', array( 'status' => 404 ) );
	}
	$response = new WP_REST_Response( $order, 200 );
	$response->header( 'Cache-Control', 'no-store' );
	return $response;
}

add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'billink/v1',
			'/orders/(?P<ref>[A-Za-z0-9][A-Za-z0-9_.:-]{0,99})',
			array(
				'methods'             => 'GET',
				'callback'            => 'billink_checkout_rest_order',
				'permission_callback' => 'billink_checkout_rest_authorized',
			)
		);
		register_rest_route(
			'billink/v1',
			'/orders/(?P<ref>[A-Za-z0-9][A-Za-z0-9_.:-]{0,99})/billink-events',
			array(
				'methods'             => 'POST',
				'callback'            => 'billink_checkout_rest_event',
				'permission_callback' => '__return_true', // The event's signature is checked in the callback.
			)
		);
	}
);

require_once __DIR__ . '/includes/lifecycle.php';
require_once __DIR__ . '/includes/admin-actions.php';

/** Tested with the Checkout block and with HPOS (the plugin reads orders only through WC_Order). */
add_action(
	'before_woocommerce_init',
	function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', __FILE__, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
		}
	}
);

/** The payment method in the Checkout block (includes/class-billink-blocks.php). */
add_action(
	'woocommerce_blocks_loaded',
	function () {
		if ( ! class_exists( '\Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType' ) ) {
			return;
		}
		require_once __DIR__ . '/includes/class-billink-blocks.php';
		add_action(
			'woocommerce_blocks_payment_method_type_registration',
			function ( $registry ) {
				$registry->register( new Billink_Checkout_Blocks() );
			}
		);
	}
);

/**
 * The pay page of an order Billink already approved goes on to "order received": a shopper who
 * comes back from Billink after the signed `approved` event would otherwise read WooCommerce's
 * "this order cannot be paid for". Only with the order's key, as WooCommerce's own pages ask.
 */
function billink_checkout_paid_order_redirect( $order, string $key ): string {
	if ( ! $order || 'billink' !== $order->get_payment_method() || ! hash_equals( (string) $order->get_order_key(), $key ) ) {
		return '';
	}
	if ( $order->needs_payment() ) {
		return '';
	}
	if ( '' !== (string) $order->get_meta( '_billink_invoice_number' ) ) {
		return (string) $order->get_checkout_order_received_url();
	}
	// Cancelled by WooCommerce (hold-stock time) while the shopper was at Billink, and back before
	// Billink's approval reached the shop: ask the proxy, which knows (the event follows).
	if ( $order->has_status( 'cancelled' ) && '' !== (string) $order->get_meta( '_billink_order_ref' ) && defined( 'BILLINK_MERCHANT_API_KEY' ) ) {
		$billink = billink_checkout_merchant_request( 'GET', '/orders/' . rawurlencode( (string) $order->get_meta( '_billink_order_ref' ) ) );
		if ( ! is_wp_error( $billink ) && isset( $billink['status'] ) && 'approved' === $billink['status'] ) {
			return (string) $order->get_checkout_order_received_url();
		}
	}
	return '';
}
add_action(
	'template_redirect',
	function () {
		if ( ! function_exists( 'is_wc_endpoint_url' ) || ! is_wc_endpoint_url( 'order-pay' ) ) {
			return;
		}
		$key = isset( $_GET['key'] ) ? sanitize_text_field( wp_unslash( $_GET['key'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification -- the order key is the check.
		$url = billink_checkout_paid_order_redirect( wc_get_order( absint( get_query_var( 'order-pay' ) ) ), $key );
		if ( '' !== $url ) {
			wp_safe_redirect( $url );
			exit;
		}
	}
);

/** The payment gateway, once WooCommerce is loaded. */
add_action(
	'plugins_loaded',
	function () {
		if ( ! class_exists( 'WC_Payment_Gateway' ) ) {
			return;
		}
		require_once __DIR__ . '/includes/class-wc-gateway-billink.php';
		add_filter(
			'woocommerce_payment_gateways',
			function ( $gateways ) {
				$gateways[] = 'WC_Gateway_Billink';
				return $gateways;
			}
		);
	}
);
