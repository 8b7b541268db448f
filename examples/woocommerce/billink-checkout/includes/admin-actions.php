<?php
/**
 * What a shop owner does with an approved Billink order from its admin screen, through the proxy's
 * merchant API: the order actions dispute / resolve, hold / resume, message, register a payment
 * (their inputs are fields in the Billink box, posted with the order form), and the invoice PDF
 * as a download through an admin-only endpoint (the merchant API key never reaches a browser).
 */

defined( 'ABSPATH' ) || exit;

/** The order actions for an approved Billink order; dispute or resolve by its dispute state. */
function billink_checkout_admin_actions( array $actions, $order ): array {
	if ( ! $order || 'billink' !== $order->get_payment_method() || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		return $actions;
	}
	if ( 'yes' === $order->get_meta( '_billink_disputed' ) ) {
		$actions['billink_dispute_resolve'] = __( 'Billink: resolve the dispute (resume the invoice)', 'billink-checkout' );
	} else {
		$actions['billink_dispute'] = __( 'Billink: open a dispute (reason from the Billink box)', 'billink-checkout' );
	}
	$actions['billink_hold']    = __( 'Billink: put the invoice on hold (days from the Billink box)', 'billink-checkout' );
	$actions['billink_resume']  = __( 'Billink: resume the invoice', 'billink-checkout' );
	$actions['billink_message'] = __( 'Billink: send Billink a message (from the Billink box)', 'billink-checkout' );
	$actions['billink_payment'] = __( 'Billink: register a payment (amount from the Billink box)', 'billink-checkout' );
	return $actions;
}
add_filter(
	'woocommerce_order_actions',
	function ( $actions, $order = null ) {
		return billink_checkout_admin_actions( (array) $actions, $order );
	},
	10,
	2
);

/** A field of the Billink box, as posted with the order form (WooCommerce checked its nonce). */
function billink_checkout_posted( string $name ): string {
	// phpcs:ignore WordPress.Security.NonceVerification -- order actions run after WooCommerce's meta box nonce check.
	return isset( $_POST[ $name ] ) ? trim( sanitize_textarea_field( wp_unslash( (string) $_POST[ $name ] ) ) ) : '';
}

/**
 * Runs one action: the merchant API call, then an order note either way (and the error on the
 * order screen), so nothing a shop owner does or fails to do at Billink is silent.
 *
 * @param callable $done Called with the answer on success; returns the note.
 * @return true|WP_Error
 */
function billink_checkout_admin_call( $order, string $what, string $method, string $path, $body, callable $done, array $headers = array() ) {
	$ref = (string) $order->get_meta( '_billink_order_ref' );
	if ( '' === $ref || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		$result = new WP_Error( 'billink_not_approved', 'Billink has not approved this order (yet).' );
	} else {
		$result = billink_checkout_merchant_request( $method, '/orders/' . rawurlencode( $ref ) . $path, $body, $headers );
	}
	if ( is_wp_error( $result ) ) {
		$note = sprintf( 'Billink: %s failed: %s', $what, $result->get_error_message() );
		$order->add_order_note( $note );
		if ( class_exists( 'WC_Admin_Meta_Boxes' ) ) {
			WC_Admin_Meta_Boxes::add_error( $note );
		}
		return $result;
	}
	$order->add_order_note( $done( $result ) );
	$order->save();
	return true;
}

/** An input error: noted like a failed call, nothing sent. */
function billink_checkout_admin_refuse( $order, string $what, string $why ): WP_Error {
	$note = sprintf( 'Billink: %s not sent: %s', $what, $why );
	$order->add_order_note( $note );
	if ( class_exists( 'WC_Admin_Meta_Boxes' ) ) {
		WC_Admin_Meta_Boxes::add_error( $note );
	}
	return new WP_Error( 'billink_invalid_input', $why );
}

function billink_checkout_action_dispute( $order ) {
	$reason = billink_checkout_posted( 'billink_text' );
	if ( '' === $reason ) {
		return billink_checkout_admin_refuse( $order, 'the dispute was', 'write the reason in the Billink box.' );
	}
	return billink_checkout_admin_call(
		$order,
		'opening the dispute',
		'POST',
		'/dispute',
		array( 'reason' => billink_checkout_text( $reason, 1000, 'Dispute' ) ),
		function ( $answer ) use ( $order, $reason ) {
			$order->update_meta_data( '_billink_disputed', 'yes' );
			$until = isset( $answer['dispute']['until'] ) ? ' until ' . $answer['dispute']['until'] : '';
			return 'Billink: dispute opened, the invoice is on hold' . $until . ". Reason: {$reason}";
		}
	);
}

function billink_checkout_action_dispute_resolve( $order ) {
	return billink_checkout_admin_call(
		$order,
		'resolving the dispute',
		'POST',
		'/dispute/resolve',
		(object) array(),
		function () use ( $order ) {
			$order->update_meta_data( '_billink_disputed', 'no' );
			return 'Billink: dispute resolved, the invoice is resumed.';
		}
	);
}

function billink_checkout_action_hold( $order ) {
	$days = billink_checkout_posted( 'billink_days' );
	$days = '' === $days ? '14' : $days;
	if ( ! preg_match( '/^\d{1,2}$/', $days ) || (int) $days < 1 || (int) $days > 14 ) {
		return billink_checkout_admin_refuse( $order, 'the hold was', 'Billink holds an invoice for 1 to 14 days.' );
	}
	return billink_checkout_admin_call(
		$order,
		'the hold',
		'POST',
		'/hold',
		array( 'days' => (int) $days ),
		function () use ( $days ) {
			return sprintf( 'Billink: the invoice is on hold for %d days (requested from the shop).', (int) $days );
		}
	);
}

function billink_checkout_action_resume( $order ) {
	return billink_checkout_admin_call(
		$order,
		'resuming',
		'POST',
		'/resume',
		(object) array(),
		function () {
			return 'Billink: the invoice is resumed (requested from the shop).';
		}
	);
}

function billink_checkout_action_message( $order ) {
	$text = billink_checkout_posted( 'billink_text' );
	if ( '' === $text ) {
		return billink_checkout_admin_refuse( $order, 'the message was', 'write the message in the Billink box.' );
	}
	return billink_checkout_admin_call(
		$order,
		'the message',
		'POST',
		'/messages',
		array( 'message' => billink_checkout_text( preg_replace( '/[\x00-\x09\x0B-\x1F\x7F]+/', ' ', $text ), 1000, 'Message' ) ),
		function () use ( $text ) {
			return 'Billink: message sent: ' . $text;
		}
	);
}

/**
 * A payment the customer made to the shop (not to Billink): Billink lowers what it claims. The
 * Idempotency-Key comes from the form the shop owner submitted, so submitting it twice registers once.
 */
function billink_checkout_action_payment( $order ) {
	$amount      = str_replace( ',', '.', billink_checkout_posted( 'billink_amount' ) );
	$description = billink_checkout_posted( 'billink_description' );
	$key         = billink_checkout_posted( 'billink_form_key' );
	if ( ! preg_match( '/^\d{1,7}(\.\d{1,2})?$/', $amount ) || billink_checkout_cents( $amount ) <= 0 ) {
		return billink_checkout_admin_refuse( $order, 'the payment was', 'enter the amount in euros, e.g. 12.50.' );
	}
	$cents       = billink_checkout_cents( $amount );
	$description = billink_checkout_text( '' !== $description ? $description : 'Payment ' . $order->get_order_number(), 30, 'Payment' );
	$key         = preg_match( '/^[A-Za-z0-9-]{8,64}$/', $key ) ? $key : wp_generate_uuid4();
	return billink_checkout_admin_call(
		$order,
		'registering the payment',
		'POST',
		'/payments',
		array(
			'amountCents' => $cents,
			'description' => $description,
		),
		function () use ( $cents, $description ) {
			return sprintf( 'Billink: payment of %s registered (%s).', billink_checkout_euro( $cents ), $description );
		},
		array( 'Idempotency-Key' => 'woocommerce-payment-' . $order->get_id() . '-' . $key )
	);
}

foreach ( array( 'dispute', 'dispute_resolve', 'hold', 'resume', 'message', 'payment' ) as $billink_action ) {
	add_action( 'woocommerce_order_action_billink_' . $billink_action, 'billink_checkout_action_' . $billink_action );
}

/** The admin-only download URL of the order's invoice PDF (nonce per order). */
function billink_checkout_invoice_download_url( $order ): string {
	return wp_nonce_url( admin_url( 'admin-post.php?action=billink_invoice&order_id=' . absint( $order->get_id() ) ), 'billink_invoice_' . $order->get_id() );
}

/** The fields of the Billink box that the order actions read. */
function billink_checkout_admin_fields_html( $order ): string {
	$html  = '<p><a class="button" href="' . esc_url( billink_checkout_invoice_download_url( $order ) ) . '">' . esc_html__( 'Download the invoice (PDF)', 'billink-checkout' ) . '</a></p>';
	$html .= '<p><label for="billink_text">' . esc_html__( 'Dispute reason or message to Billink', 'billink-checkout' ) . '</label><textarea id="billink_text" name="billink_text" rows="2" maxlength="1000" class="widefat"></textarea></p>';
	$html .= '<p><label for="billink_days">' . esc_html__( 'Hold for (days, 1–14)', 'billink-checkout' ) . '</label><input id="billink_days" name="billink_days" type="number" min="1" max="14" value="14" class="small-text"></p>';
	$html .= '<p><label for="billink_amount">' . esc_html__( 'Payment received by the shop (€)', 'billink-checkout' ) . '</label><input id="billink_amount" name="billink_amount" inputmode="decimal" class="short"></p>';
	$html .= '<p><label for="billink_description">' . esc_html__( 'Payment description (30 characters)', 'billink-checkout' ) . '</label><input id="billink_description" name="billink_description" maxlength="30" class="widefat"></p>';
	$html .= '<input type="hidden" name="billink_form_key" value="' . esc_attr( wp_generate_uuid4() ) . '">';
	$html .= '<p class="description">' . esc_html__( 'Then choose the Billink action under "Order actions" and update the order.', 'billink-checkout' ) . '</p>';
	return $html;
}

/**
 * GET wp-admin/admin-post.php?action=billink_invoice&order_id=…: the invoice PDF from the proxy,
 * for a logged-in user who may edit orders, with the order's nonce.
 *
 * @return array{status:int, headers:array, body:string}
 */
function billink_checkout_invoice_download( int $order_id, string $nonce ): array {
	$fail = function ( int $status, string $message ) {
		return array(
			'status'  => $status,
			'headers' => array( 'Content-Type' => 'text/plain; charset=utf-8' ),
			'body'    => $message,
		);
	};
	if ( ! current_user_can( 'edit_shop_orders' ) || ! wp_verify_nonce( $nonce, 'billink_invoice_' . $order_id ) ) {
		return $fail( 403, 'Not allowed.' );
	}
	$order = wc_get_order( $order_id );
	$ref   = $order ? (string) $order->get_meta( '_billink_order_ref' ) : '';
	if ( '' === $ref || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		return $fail( 404, 'Billink has not approved this order, so there is no invoice.' );
	}
	$answer = billink_checkout_merchant_response( 'GET', '/orders/' . rawurlencode( $ref ) . '/invoice', null, array( 'Accept' => 'application/pdf' ) );
	if ( is_wp_error( $answer ) ) {
		return $fail( 502, 'Billink: the invoice is not available: ' . $answer->get_error_message() );
	}
	if ( 0 !== strpos( $answer['body'], '%PDF-' ) ) {
		return $fail( 502, 'Billink: the proxy did not answer with a PDF.' );
	}
	$name = preg_replace( '/[^A-Za-z0-9_-]/', '-', (string) $order->get_meta( '_billink_invoice_number' ) );
	return array(
		'status'  => 200,
		'headers' => array(
			'Content-Type'           => 'application/pdf',
			'Content-Disposition'    => 'attachment; filename="billink-invoice-' . $name . '.pdf"',
			'Cache-Control'          => 'private, no-store',
			'X-Content-Type-Options' => 'nosniff',
		),
		'body'    => $answer['body'],
	);
}
add_action(
	'admin_post_billink_invoice',
	function () {
		// phpcs:ignore WordPress.Security.NonceVerification -- verified inside with the order's nonce.
		$out = billink_checkout_invoice_download( isset( $_GET['order_id'] ) ? absint( $_GET['order_id'] ) : 0, isset( $_GET['_wpnonce'] ) ? sanitize_text_field( wp_unslash( $_GET['_wpnonce'] ) ) : '' );
		status_header( $out['status'] );
		foreach ( $out['headers'] as $name => $value ) {
			header( $name . ': ' . $value );
		}
		echo $out['body']; // phpcs:ignore WordPress.Security.EscapeOutput -- a PDF or plain text, with its content type.
		exit;
	}
);
