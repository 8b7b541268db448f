<?php
/**
 * The Billink payment method. Placing the order creates it (pending) and leads to its pay page,
 * where <billink-checkout> pays that order under WooCommerce's own order number; the proxy's
 * signed `approved` event moves it to processing (includes/lifecycle.php), never the browser.
 */

defined( 'ABSPATH' ) || exit;

class WC_Gateway_Billink extends WC_Payment_Gateway {

	public function __construct() {
		$this->id                 = 'billink';
		$this->method_title       = 'Billink';
		$this->method_description = 'Achteraf betalen met Billink, through the billink-proxy service.';
		$this->has_fields         = true;
		$this->supports           = array( 'products', 'refunds' );
		$this->icon               = billink_checkout_logo_url();

		$this->init_form_fields();
		$this->init_settings();
		$this->title       = billink_checkout_title( (string) $this->get_option( 'title', '' ) );
		$this->description = $this->get_option( 'description', '' );
		$this->enabled     = $this->get_option( 'enabled', 'no' );

		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
		add_action( 'woocommerce_receipt_' . $this->id, array( $this, 'receipt_page' ) );
	}

	public function init_form_fields() {
		$this->form_fields = array(
			'enabled'     => array(
				'title'   => 'Enable',
				'type'    => 'checkbox',
				'label'   => 'Billink achteraf betalen',
				'default' => 'no',
			),
			// Billink's brand guide allows only its own texts next to its logo: a choice, not free text.
			'title'       => array(
				'title'       => 'Title',
				'type'        => 'select',
				'default'     => '',
				'options'     => array( '' => "By the shop's language: Achteraf betalen met Billink / Pay later with Billink" ) + array_combine( billink_checkout_titles(), billink_checkout_titles() ),
				'description' => 'Shown with the Billink logo in the checkout; Billink allows only these texts.',
			),
			'description'     => array(
				'title'   => 'Description',
				'type'    => 'textarea',
				'default' => '',
			),
			// As Billink's own plugin: the invoice goes out when the order reaches this status.
			'workflow_status' => array(
				'title'       => 'Start Billink workflow at status',
				'type'        => 'select',
				'default'     => 'wc-completed',
				'options'     => array_merge( array( '' => 'Never (only the "Start Billink workflow" order action)' ), billink_checkout_workflow_statuses() ),
				'description' => 'Billink invoices the customer when its workflow starts; unstarted orders are started by Billink itself after the delay of your Billink account.',
			),
			// An approval that arrives after WooCommerce cancelled the order (its hold-stock time ran
			// out) while the stock is gone: the order goes on hold; with this on, Billink's invoice
			// is cancelled too, so the customer is never invoiced for goods the shop cannot send.
			'cancel_unstocked' => array(
				'title'   => 'Late approvals without stock',
				'type'    => 'checkbox',
				'label'   => 'Cancel at Billink when Billink approves an order WooCommerce had already cancelled and its stock is gone',
				'default' => 'no',
			),
		);
	}

	/** Billink takes euros only. */
	public function is_available() {
		return parent::is_available() && 'EUR' === get_woocommerce_currency();
	}

	/** At checkout: what happens next. The element itself is on the order's pay page. */
	public function payment_fields() {
		if ( $this->description ) {
			echo wp_kses_post( wpautop( $this->description ) );
		}
		echo '<p>' . esc_html__( 'Place the order, then confirm it with Billink on the next page.', 'billink-checkout' ) . '</p>';
	}

	/**
	 * The order exists now, with its number: it stays pending until the proxy says Billink approved
	 * it, and the shopper continues on its pay page (receipt_page).
	 */
	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			wc_add_notice( __( 'The order could not be found.', 'billink-checkout' ), 'error' );
			return array( 'result' => 'failure' );
		}
		$order->update_meta_data( '_billink_order_ref', $order->get_order_key() );
		// A note of its own: WooCommerce writes update_status()'s note only on a change, and a
		// classic checkout's order is pending already (the block's is a draft until now).
		$order->update_status( 'pending' );
		$order->add_order_note( 'Awaiting the customer at Billink.' );
		WC()->cart->empty_cart();
		return array(
			'result'   => 'success',
			'redirect' => $order->get_checkout_payment_url( true ),
		);
	}

	/** The pay page after placing the order: <billink-checkout> for this order. */
	public function receipt_page( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order || ! $order->needs_payment() ) {
			return;
		}
		billink_checkout_enqueue();
		echo billink_checkout_element( // phpcs:ignore WordPress.Security.EscapeOutput -- escaped inside.
			array(
				'ref'        => (string) $order->get_order_key(),
				'cents'      => billink_checkout_cents( $order->get_total() ),
				'currency'   => (string) $order->get_currency(),
				'return_url' => $this->get_return_url( $order ),
				'other_url'  => $order->get_checkout_payment_url( false ),
			)
		);
	}

	/**
	 * Credits the refund at Billink through the proxy's merchant API. The Idempotency-Key comes
	 * from the WooCommerce refund (created just before this call), so running this twice for one
	 * refund credits once.
	 */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		$order = wc_get_order( $order_id );
		$ref   = $order ? (string) $order->get_meta( '_billink_order_ref' ) : '';
		if ( '' === $ref || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
			return new WP_Error( 'billink_not_approved', __( 'Billink has not approved this order, so there is nothing to credit.', 'billink-checkout' ) );
		}
		$cents = billink_checkout_cents( $amount );
		if ( $cents <= 0 ) {
			return new WP_Error( 'billink_refund_amount', __( 'Enter the amount to refund.', 'billink-checkout' ) );
		}
		$refund_id = 0;
		foreach ( $order->get_refunds() as $refund ) {
			$refund_id = max( $refund_id, (int) $refund->get_id() );
		}
		if ( ! $refund_id ) {
			return new WP_Error( 'billink_refund_unknown', 'No WooCommerce refund to credit.' );
		}
		$path = '/orders/' . rawurlencode( $ref );
		// What was credited before, to tell afterwards whether a credit whose answer got lost happened.
		$before = billink_checkout_merchant_request( 'GET', $path );
		if ( is_wp_error( $before ) ) {
			return $before;
		}
		// Billink's text rules: no control characters, at most 254 characters.
		$description = billink_checkout_text( preg_replace( '/[\x00-\x1F\x7F]+/', ' ', (string) $reason ), 254, 'Refund ' . $order->get_order_number() );
		$result      = billink_checkout_merchant_request(
			'POST',
			$path . '/credits',
			array(
				'amountCents' => $cents,
				'description' => $description,
			),
			array( 'Idempotency-Key' => 'woocommerce-refund-' . $refund_id )
		);
		if ( ! is_wp_error( $result ) ) {
			return true; // The proxy's `credit` event notes it on the order.
		}
		// WooCommerce deletes a refund that failed here and a retry makes a new refund (a new key),
		// so "failed" for a credit that did happen would credit twice: ask Billink first.
		$credited = $this->credited_after_lost_answer( $path, $result, (int) ( $before['creditedCents'] ?? 0 ), $cents );
		if ( null === $credited ) {
			return $result;
		}
		$order->add_order_note(
			sprintf(
				'Billink: the answer to the refund of %1$s got lost, but Billink credited it (%2$s credited in all).',
				billink_checkout_euro( $cents ),
				billink_checkout_euro( $credited )
			)
		);
		return true;
	}

	/**
	 * When the credit request got no answer from the proxy (connection lost, timeout) or the proxy
	 * could not learn Billink's (`outcome_unknown`), Billink's fresh creditedCents if it rose by at
	 * least the amount since before the request; null when the credit did not (visibly) happen or
	 * the proxy refused it.
	 */
	private function credited_after_lost_answer( string $path, WP_Error $error, int $before_cents, int $cents ): ?int {
		if ( billink_checkout_is_refusal( $error ) && 'billink_outcome_unknown' !== $error->get_error_code() ) {
			return null;
		}
		$now = billink_checkout_merchant_request( 'GET', $path . '?refresh=1' );
		if ( is_wp_error( $now ) || ! isset( $now['creditedCents'] ) ) {
			return null;
		}
		$after_cents = (int) $now['creditedCents'];
		return $after_cents - $before_cents >= $cents ? $after_cents : null;
	}
}
