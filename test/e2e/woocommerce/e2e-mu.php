<?php
/**
 * Plugin Name: billink e2e (must-use)
 * Description: Keeps the test shop offline and quiet: no calls home, no background loopback runs.
 * Nothing here changes how WooCommerce or the Billink plugin handle an order.
 */
add_filter( 'action_scheduler_allow_async_request_runner', '__return_false' );
add_filter( 'woocommerce_admin_features', function ( $features ) {
	return array_values( array_diff( $features, array( 'remote-inbox-notifications', 'remote-free-extensions', 'payment-gateway-suggestions', 'marketplace', 'analytics' ) ) );
} );
add_filter( 'woocommerce_allow_marketplace_suggestions', '__return_false' );
add_filter( 'pre_http_request', function ( $pre, $args, $url ) {
	$host = (string) wp_parse_url( $url, PHP_URL_HOST );
	return in_array( $host, array( '127.0.0.1', 'localhost' ), true ) ? $pre : new WP_Error( 'offline', 'The test shop is offline.' );
}, 10, 3 );
