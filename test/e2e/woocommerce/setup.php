<?php
// Configures a freshly installed WordPress as a shop: `php setup.php <wordpress dir> <step>`.
// Step "activate": WooCommerce and the Billink plugin become active plugins (as the Plugins screen
// would). Step "shop": with both loaded, WooCommerce installs its tables and pages (Cart and
// Checkout as blocks, as WooCommerce 10 makes them), then euros, NL, one product, Billink enabled,
// pretty permalinks, HPOS on, and an application password for the REST API. Prints JSON.
list( , $dir, $step ) = $argv;
$url = getenv( 'SHOP_URL' );
$_SERVER['HTTP_HOST']   = parse_url( $url, PHP_URL_HOST ) . ':' . parse_url( $url, PHP_URL_PORT );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = parse_url( $url, PHP_URL_HOST );
define( 'WP_USE_THEMES', false );
require $dir . '/wp-load.php';

if ( 'activate' === $step ) {
	update_option( 'active_plugins', array( 'woocommerce/woocommerce.php', 'billink-checkout/billink-checkout.php' ) );
	echo json_encode( array( 'active' => get_option( 'active_plugins' ) ) );
	exit;
}

WC_Install::install();
// No first-visit redirect to WooCommerce's onboarding: the admin opens the screen it asked for.
delete_transient( '_wc_activation_redirect' );
update_option( 'woocommerce_task_list_hidden', 'yes' );
update_option( 'woocommerce_currency', 'EUR' );
update_option( 'woocommerce_default_country', 'NL' );
update_option( 'woocommerce_specific_allowed_countries', array( 'NL' ) );
update_option( 'woocommerce_allowed_countries', 'specific' );
update_option( 'woocommerce_calc_taxes', 'no' );
update_option( 'woocommerce_enable_guest_checkout', 'yes' );
update_option( 'woocommerce_onboarding_profile', array( 'skipped' => true ) );
update_option( 'woocommerce_coming_soon', 'no' );
update_option( 'woocommerce_store_pages_only', 'no' );
update_option( 'woocommerce_hold_stock_minutes', '60' );
update_option( 'permalink_structure', '/%postname%/' );
update_option(
	'woocommerce_billink_settings',
	array(
		'enabled'         => 'yes',
		'title'           => '',
		'description'     => '',
		'workflow_status' => 'wc-completed',
	)
);

// HPOS on: its tables, then the switch (what WooCommerce → Settings → Advanced → Features does).
$sync = wc_get_container()->get( Automattic\WooCommerce\Internal\DataStores\Orders\DataSynchronizer::class );
$sync->create_database_tables();
update_option( 'woocommerce_custom_orders_table_enabled', 'yes' );
update_option( 'woocommerce_custom_orders_table_data_sync_enabled', 'no' );

$product = new WC_Product_Simple();
$product->set_name( 'Mok' );
$product->set_sku( 'MOK' );
$product->set_regular_price( '24.95' );
$product->set_virtual( true );
$product->set_manage_stock( true );
$product->set_stock_quantity( 100 );
$product->set_status( 'publish' );
$product_id = $product->save();

// The classic (shortcode) checkout, next to WooCommerce's block Checkout page.
$classic_id = wp_insert_post(
	array(
		'post_type'    => 'page',
		'post_status'  => 'publish',
		'post_title'   => 'Classic checkout',
		'post_name'    => 'classic-checkout',
		'post_content' => '<!-- wp:shortcode -->[woocommerce_checkout]<!-- /wp:shortcode -->',
	)
);
flush_rewrite_rules();

$admin    = get_user_by( 'login', 'admin' );
$password = WP_Application_Passwords::create_new_application_password( $admin->ID, array( 'name' => 'e2e' ) );
$checkout = get_post( wc_get_page_id( 'checkout' ) );
echo json_encode(
	array(
		'productId'     => $product_id,
		'checkoutPath'  => wp_parse_url( get_permalink( $checkout ), PHP_URL_PATH ),
		'checkoutBlock' => has_block( 'woocommerce/checkout', $checkout ),
		'classicId'     => $classic_id,
		'appPassword'   => $password[0],
		'hpos'          => Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled(),
		// What WooCommerce → Settings → Advanced → Features reads from the plugin's declarations.
		'compatible'    => array(
			'custom_order_tables'  => Automattic\WooCommerce\Utilities\FeaturesUtil::get_compatible_plugins_for_feature( 'custom_order_tables', true )['compatible'],
			'cart_checkout_blocks' => Automattic\WooCommerce\Utilities\FeaturesUtil::get_compatible_plugins_for_feature( 'cart_checkout_blocks', true )['compatible'],
		),
	)
);
