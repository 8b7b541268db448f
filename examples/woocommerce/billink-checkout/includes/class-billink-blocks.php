<?php
/**
 * Billink in the Checkout block: the server side of assets/billink-blocks.js. The block places the
 * order through the gateway's own process_payment(), which leads to the order's pay page, so both
 * checkouts pay the same way (see readme.txt, "Why the pay page").
 */

defined( 'ABSPATH' ) || exit;

use Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType;

final class Billink_Checkout_Blocks extends AbstractPaymentMethodType {

	/** The gateway's id: the block hands the order to WC_Gateway_Billink by it. */
	protected $name = 'billink';

	public function initialize() {
		$this->settings = get_option( 'woocommerce_billink_settings', array() );
	}

	/** As the gateway: enabled, and a euro shop (Billink takes euros only). */
	public function is_active() {
		return filter_var( $this->get_setting( 'enabled', false ), FILTER_VALIDATE_BOOLEAN ) && 'EUR' === get_woocommerce_currency();
	}

	public function get_payment_method_script_handles() {
		wp_register_script(
			'billink-checkout-blocks',
			plugins_url( 'assets/billink-blocks.js', BILLINK_CHECKOUT_FILE ),
			array( 'wc-blocks-registry', 'wc-settings', 'wp-element', 'wp-html-entities' ),
			BILLINK_CHECKOUT_VERSION,
			true
		);
		return array( 'billink-checkout-blocks' );
	}

	public function get_supported_features() {
		return array( 'products' );
	}

	/** What the script reads with getSetting( 'billink_data' ). */
	public function get_payment_method_data() {
		return array(
			'title'       => billink_checkout_title( (string) $this->get_setting( 'title', '' ) ),
			'description' => (string) $this->get_setting( 'description', '' ),
			'nextStep'    => __( 'Place the order, then confirm it with Billink on the next page.', 'billink-checkout' ),
			'logoUrl'     => billink_checkout_logo_url(),
			'supports'    => $this->get_supported_features(),
		);
	}
}
