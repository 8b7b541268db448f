<?php
/**
 * The Billink payment method: <billink-checkout> in the payment fields, the approved Billink order
 * id (filled in by assets/billink-wc.js) taken over into the WooCommerce order.
 */

defined( 'ABSPATH' ) || exit;

class WC_Gateway_Billink extends WC_Payment_Gateway {

	public function __construct() {
		$this->id                 = 'billink';
		$this->method_title       = 'Billink';
		$this->method_description = 'Achteraf betalen met Billink, through the billink-proxy service.';
		$this->has_fields         = true;
		$this->supports           = array( 'products' );

		$this->init_form_fields();
		$this->init_settings();
		$this->title       = $this->get_option( 'title', 'Achteraf betalen met Billink' );
		$this->description = $this->get_option( 'description', '' );
		$this->enabled     = $this->get_option( 'enabled', 'no' );

		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
	}

	public function init_form_fields() {
		$this->form_fields = array(
			'enabled'     => array(
				'title'   => 'Enable',
				'type'    => 'checkbox',
				'label'   => 'Billink achteraf betalen',
				'default' => 'no',
			),
			'title'       => array(
				'title'   => 'Title',
				'type'    => 'text',
				'default' => 'Achteraf betalen met Billink',
			),
			'description' => array(
				'title'   => 'Description',
				'type'    => 'textarea',
				'default' => '',
			),
		);
	}

	/** Billink takes euros only. */
	public function is_available() {
		return parent::is_available() && 'EUR' === get_woocommerce_currency();
	}

	public function payment_fields() {
		if ( $this->description ) {
			echo wp_kses_post( wpautop( $this->description ) );
		}
		$payment = billink_checkout_current_payment();
		if ( ! $payment ) {
			echo '<p>' . esc_html__( 'Billink is not available for this order.', 'billink-checkout' ) . '</p>';
			return;
		}
		billink_checkout_enqueue();
		echo billink_checkout_element( $payment ); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped inside.
	}

	/**
	 * The shopper placed the order after Billink approved it in the browser. The browser's word is
	 * not proof: the order goes on hold with the Billink order id until the payment is confirmed
	 * (Billink portal, or the proxy's status), never straight to processing.
	 */
	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		// WooCommerce verified its checkout nonce before calling process_payment().
		$billink_id = isset( $_POST['billink_order_id'] ) ? sanitize_text_field( wp_unslash( $_POST['billink_order_id'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Missing
		if ( ! $order || ! preg_match( '/^[A-Za-z0-9_-]{1,100}$/', $billink_id ) ) {
			wc_add_notice( __( 'Please complete the Billink payment first.', 'billink-checkout' ), 'error' );
			return array( 'result' => 'failure' );
		}
		$ref = WC()->session ? (string) WC()->session->get( 'billink_cart_ref' ) : '';
		$order->update_meta_data( '_billink_order_id', $billink_id );
		$order->update_meta_data( '_billink_order_ref', '' !== $ref ? $ref : $order->get_order_key() );
		$order->update_status( 'on-hold', 'Billink approved in the browser (Billink order ' . $billink_id . '); confirm before shipping.' );
		if ( WC()->session ) {
			WC()->session->set( 'billink_cart_ref', null );
		}
		WC()->cart->empty_cart();
		return array(
			'result'   => 'success',
			'redirect' => $this->get_return_url( $order ),
		);
	}
}
