<?php
/**
 * After the checkout: the proxy's signed order events (the shop learns every outcome server side),
 * the merchant API (start the workflow, credit a refund) and what the order's admin screen shows.
 *
 * Configuration, in wp-config.php (besides billink-checkout.php's):
 *   define( 'BILLINK_MERCHANT_API_URL', 'http://127.0.0.1:8787/billink/merchant' ); // server to server
 *   define( 'BILLINK_MERCHANT_API_KEY', '…the proxy's MERCHANT_API_KEY…' );
 *   define( 'BILLINK_ORDER_EVENT_SECRET', '…the proxy's ORDER_EVENT_SECRET…' ); // default: the order source token
 */

defined( 'ABSPATH' ) || exit;

/** The merchant API's base URL: BILLINK_MERCHANT_API_URL, else BILLINK_PROXY_URL + /merchant. */
function billink_checkout_merchant_url(): string {
	if ( defined( 'BILLINK_MERCHANT_API_URL' ) ) {
		return rtrim( (string) BILLINK_MERCHANT_API_URL, '/' );
	}
	return rtrim( billink_checkout_proxy_url(), '/' ) . '/merchant';
}

/**
 * One call to the proxy's merchant API (bearer key). Returns the decoded answer, or a WP_Error
 * carrying the proxy's code and its (NL/EN) message with Billink's detail.
 *
 * @param array|object|null $body JSON body (an object for `{}`).
 * @return array|WP_Error
 */
function billink_checkout_merchant_request( string $method, string $path, $body = null, array $headers = array() ) {
	$response = billink_checkout_merchant_response( $method, $path, $body, $headers );
	if ( is_wp_error( $response ) ) {
		return $response;
	}
	return is_array( $response['json'] ) ? $response['json'] : array();
}

/**
 * The same call, with the raw answer: `[ 'body' => string, 'type' => content type, 'json' => decoded ]`
 * on 2xx (a document such as the invoice PDF is not JSON), else the WP_Error.
 *
 * @return array|WP_Error
 */
function billink_checkout_merchant_response( string $method, string $path, $body = null, array $headers = array() ) {
	$key = defined( 'BILLINK_MERCHANT_API_KEY' ) ? (string) BILLINK_MERCHANT_API_KEY : '';
	$url = billink_checkout_merchant_url();
	if ( strlen( $key ) < 32 || ! preg_match( '#^https?://#', $url ) ) {
		return new WP_Error( 'billink_not_configured', 'Set BILLINK_MERCHANT_API_URL (absolute) and BILLINK_MERCHANT_API_KEY in wp-config.php.' );
	}
	$headers = array_merge(
		array(
			'Authorization'   => 'Bearer ' . $key,
			'Accept-Language' => billink_checkout_locale(),
		),
		$headers
	);
	$args    = array(
		'method'  => $method,
		'timeout' => 20,
		'headers' => $headers,
	);
	if ( null !== $body ) {
		$args['headers']['Content-Type'] = 'application/json';
		$args['body']                    = wp_json_encode( $body );
	}
	$response = wp_remote_request( $url . $path, $args );
	if ( is_wp_error( $response ) ) {
		return $response;
	}
	$status = (int) wp_remote_retrieve_response_code( $response );
	$raw    = (string) wp_remote_retrieve_body( $response );
	$json   = json_decode( $raw, true );
	if ( $status >= 200 && $status < 300 ) {
		return array(
			'body' => $raw,
			'type' => (string) wp_remote_retrieve_header( $response, 'content-type' ),
			'json' => $json,
		);
	}
	$error   = is_array( $json ) && isset( $json['error'] ) && is_array( $json['error'] ) ? $json['error'] : array();
	$message = isset( $error['message'] ) ? (string) $error['message'] : 'HTTP ' . $status;
	if ( isset( $error['detail'] ) ) {
		$message .= ' (' . $error['detail'] . ')';
	}
	$code = isset( $error['code'] ) ? (string) $error['code'] : 'http_' . $status;
	return new WP_Error( 'billink_' . $code, $message, array( 'status' => $status, 'refusal' => isset( $error['code'] ) ) );
}

/** Whether a merchant API error is the proxy's own answer (its JSON error), not a lost or foreign one. */
function billink_checkout_is_refusal( WP_Error $error ): bool {
	$data = $error->get_error_data();
	return is_array( $data ) && ! empty( $data['refusal'] );
}

/** "€12.50" for notes. */
function billink_checkout_euro( int $cents ): string {
	return '€' . billink_checkout_decimal( $cents );
}

/** The order status that starts Billink's workflow ('' = only the order action). */
function billink_checkout_workflow_status(): string {
	$settings = get_option( 'woocommerce_billink_settings', array() );
	$status   = is_array( $settings ) && isset( $settings['workflow_status'] ) ? (string) $settings['workflow_status'] : 'completed';
	return 0 === strpos( $status, 'wc-' ) ? substr( $status, 3 ) : $status;
}

/**
 * Starts Billink's workflow (Billink invoices the customer) through the merchant API. A repeat is
 * harmless at the proxy; track and trace from the `billink_checkout_track_and_trace` filter.
 *
 * @return true|WP_Error
 */
function billink_checkout_start_workflow( $order ) {
	$ref = (string) $order->get_meta( '_billink_order_ref' );
	if ( '' === $ref || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		return new WP_Error( 'billink_not_approved', 'Billink has not approved this order (yet).' );
	}
	$track  = trim( (string) apply_filters( 'billink_checkout_track_and_trace', '', $order ) );
	$result = billink_checkout_merchant_request(
		'POST',
		'/orders/' . rawurlencode( $ref ) . '/ship',
		'' !== $track ? array( 'trackAndTrace' => $track ) : (object) array()
	);
	if ( is_wp_error( $result ) ) {
		$order->add_order_note( 'Billink: the workflow was not started: ' . $result->get_error_message() );
		return $result;
	}
	$order->update_meta_data( '_billink_workflow_started', 'yes' );
	$order->save();
	return true;
}

add_action(
	'woocommerce_order_status_changed',
	function ( $order_id, $from, $to, $order = null ) {
		$order = $order ? $order : wc_get_order( $order_id );
		if ( ! $order || 'billink' !== $order->get_payment_method() ) {
			return;
		}
		if ( '' === billink_checkout_workflow_status() || $to !== billink_checkout_workflow_status() ) {
			return;
		}
		if ( 'yes' !== $order->get_meta( '_billink_workflow_started' ) ) {
			billink_checkout_start_workflow( $order );
		}
	},
	10,
	4
);

/** "Start Billink workflow" in the order's actions, for approved Billink orders. */
add_filter(
	'woocommerce_order_actions',
	function ( $actions, $order = null ) {
		if ( $order && 'billink' === $order->get_payment_method() && '' !== (string) $order->get_meta( '_billink_invoice_number' ) ) {
			$actions['billink_start_workflow'] = __( 'Start Billink workflow', 'billink-checkout' );
		}
		return $actions;
	},
	10,
	2
);
add_action( 'woocommerce_order_action_billink_start_workflow', 'billink_checkout_start_workflow' );

/** The event signing secret: the proxy's ORDER_EVENT_SECRET, which defaults to its order source token. */
function billink_checkout_event_secret(): string {
	if ( defined( 'BILLINK_ORDER_EVENT_SECRET' ) ) {
		return (string) BILLINK_ORDER_EVENT_SECRET;
	}
	return defined( 'BILLINK_ORDER_SOURCE_TOKEN' ) ? (string) BILLINK_ORDER_SOURCE_TOKEN : '';
}

/**
 * Checks an event the proxy POSTed: `Billink-Event-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>`, the timestamp within 5 minutes (as verifyOrderEvent does).
 *
 * @return array|WP_Error The event.
 */
function billink_checkout_verify_event( string $raw, string $timestamp, string $signature, string $secret, ?int $now = null ) {
	if ( strlen( $secret ) < 16 ) {
		return new WP_Error( 'billink_not_configured', 'No event secret configured.', array( 'status' => 401 ) );
	}
	$now = null === $now ? time() : $now;
	if ( ! preg_match( '/^\d{1,12}$/', $timestamp ) || abs( $now - (int) $timestamp ) > 300 ) {
		return new WP_Error( 'billink_stale_event', 'Timestamp missing or outside the window.', array( 'status' => 401 ) );
	}
	$expected = 'sha256=' . hash_hmac( 'sha256', $timestamp . '.' . $raw, $secret );
	if ( ! hash_equals( $expected, trim( $signature ) ) ) {
		return new WP_Error( 'billink_bad_signature', 'Signature does not match.', array( 'status' => 401 ) );
	}
	$event = json_decode( $raw, true );
	foreach ( array( 'id', 'orderRef', 'orderNumber', 'type' ) as $field ) {
		if ( ! is_array( $event ) || ! isset( $event[ $field ] ) || ! is_string( $event[ $field ] ) ) {
			return new WP_Error( 'billink_malformed_event', 'Not an order event.', array( 'status' => 400 ) );
		}
	}
	return $event;
}

/**
 * POST /wp-json/billink/v1/orders/{ref}/billink-events: every outcome of a Billink order. The
 * signature is the authentication; each event id is applied once.
 */
function billink_checkout_rest_event( $request ) {
	$event = billink_checkout_verify_event(
		(string) $request->get_body(),
		(string) $request->get_header( 'billink_event_timestamp' ),
		(string) $request->get_header( 'billink_event_signature' ),
		billink_checkout_event_secret()
	);
	if ( is_wp_error( $event ) ) {
		return $event;
	}
	if ( $event['orderRef'] !== (string) $request->get_param( 'ref' ) ) {
		return new WP_Error( 'billink_malformed_event', 'The event is for another order.', array( 'status' => 400 ) );
	}
	$order = wc_get_order( wc_get_order_id_by_order_key( $event['orderRef'] ) );
	if ( ! $order ) {
		// Not 2xx: the proxy keeps it (visible in its merchant API) instead of it being lost.
		return new WP_Error( 'billink_unknown_order', 'Unknown order', array( 'status' => 404 ) );
	}
	$applied = billink_checkout_apply_event( $order, $event );
	if ( is_wp_error( $applied ) ) {
		return $applied;
	}
	return new WP_REST_Response( array( 'status' => $applied ), 200 );
}

/**
 * Applies one event to its order: approved moves a pending order to processing (payment_complete)
 * when Billink approved exactly its total; the rest become order notes.
 *
 * @return string|WP_Error 'applied' or 'duplicate'; an error (5xx) makes the proxy retry.
 */
function billink_checkout_apply_event( $order, array $event ) {
	$seen = $order->get_meta( '_billink_event_ids' );
	$seen = is_array( $seen ) ? $seen : array();
	if ( in_array( $event['id'], $seen, true ) ) {
		return 'duplicate';
	}
	$amount = isset( $event['amountCents'] ) ? (int) $event['amountCents'] : 0;
	$type   = $event['type'];
	if ( 'approved' === $type ) {
		$number   = isset( $event['invoiceNumber'] ) ? (string) $event['invoiceNumber'] : $event['orderNumber'];
		$workflow = '';
		if ( defined( 'BILLINK_MERCHANT_API_KEY' ) ) {
			$billink = billink_checkout_merchant_request( 'GET', '/orders/' . rawurlencode( $event['orderRef'] ) );
			if ( is_wp_error( $billink ) ) {
				return new WP_Error( 'billink_unavailable', $billink->get_error_message(), array( 'status' => 503 ) );
			}
			$workflow = isset( $billink['workflowNumber'] ) ? (string) $billink['workflowNumber'] : '';
		}
		$order->update_meta_data( '_billink_order_number', $event['orderNumber'] );
		$order->update_meta_data( '_billink_invoice_number', $number );
		if ( '' !== $workflow ) {
			$order->update_meta_data( '_billink_workflow_number', $workflow );
		}
		$total = billink_checkout_cents( $order->get_total() );
		if ( $amount !== $total ) {
			$order->update_status( 'on-hold', sprintf( 'Billink approved %s, but the order totals %s: check before shipping.', billink_checkout_euro( $amount ), billink_checkout_euro( $total ) ) );
		} elseif ( $order->has_status( 'cancelled' ) ) {
			billink_checkout_approved_after_cancel( $order, $amount, $number );
		} elseif ( $order->has_status( array( 'pending', 'on-hold', 'failed' ) ) ) {
			$order->add_order_note( sprintf( 'Billink approved %s (invoice %s).', billink_checkout_euro( $amount ), $number ) );
			$order->payment_complete( $number );
		}
	} elseif ( in_array( $type, array( 'declined', 'cancelled', 'failed', 'expired' ), true ) && '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		// The checkout ended without a payment: Failed, as other gateways do; the shopper can still
		// pay it (WooCommerce's pay page takes failed orders) and a later approval moves it on.
		$note = billink_checkout_event_note( $event );
		if ( $order->has_status( 'pending' ) ) {
			$order->update_status( 'failed', $note );
		} else {
			$order->add_order_note( $note );
		}
	} else {
		if ( 'shipped' === $type ) {
			$order->update_meta_data( '_billink_workflow_started', 'yes' );
		}
		$order->add_order_note( billink_checkout_event_note( $event ) );
	}
	$seen[] = $event['id'];
	$order->update_meta_data( '_billink_event_ids', array_slice( $seen, -100 ) );
	$order->save();
	return 'applied';
}

/**
 * Billink approved an order WooCommerce had cancelled meanwhile (its hold-stock time ran out while
 * the shopper was at Billink). Billink will invoice the customer, so never silently: with the
 * stock still there the order is reinstated (Processing); without, it goes on hold, and with the
 * setting "Late approvals without stock" Billink's invoice is cancelled and so is the order.
 */
function billink_checkout_approved_after_cancel( $order, int $amount, string $number ): void {
	$short = billink_checkout_stock_shortage( $order );
	if ( array() === $short ) {
		$order->add_order_note( sprintf( 'Billink approved %1$s (invoice %2$s) after WooCommerce had cancelled the order; the stock is still there, so the order is reinstated.', billink_checkout_euro( $amount ), $number ) );
		$order->payment_complete( $number );
		return;
	}
	$order->update_status(
		'on-hold',
		sprintf(
			'Billink approved %1$s (invoice %2$s) after WooCommerce had cancelled the order, and the stock is gone (%3$s). Billink will invoice the customer: ship when restocked, or cancel the order (that cancels it at Billink too).',
			billink_checkout_euro( $amount ),
			$number,
			implode( ', ', $short )
		)
	);
	$settings = get_option( 'woocommerce_billink_settings', array() );
	if ( is_array( $settings ) && isset( $settings['cancel_unstocked'] ) && 'yes' === $settings['cancel_unstocked'] ) {
		if ( true === billink_checkout_cancel_at_billink( $order ) ) {
			$order->update_status( 'cancelled', 'Billink: cancelled at Billink because the stock is gone (setting "Late approvals without stock"); the customer owes nothing.' );
		}
	}
}

/**
 * What the order's lines need and the shop no longer has: "Mok (1 short)" per line, empty when
 * every product is in stock, not stock-managed, or may be backordered.
 *
 * @return string[]
 */
function billink_checkout_stock_shortage( $order ): array {
	$short = array();
	foreach ( $order->get_items() as $item ) {
		$product = is_callable( array( $item, 'get_product' ) ) ? $item->get_product() : null;
		if ( ! $product || ! $product->managing_stock() || $product->backorders_allowed() ) {
			continue;
		}
		$missing = (int) $item->get_quantity() - (int) $product->get_stock_quantity();
		if ( $missing > 0 ) {
			$short[] = sprintf( '%s (%d short)', $item->get_name(), $missing );
		}
	}
	return $short;
}

/**
 * Cancels the order's Billink invoice through the proxy (`POST /orders/{ref}/cancel`: credits
 * what is outstanding). The Idempotency-Key is the WooCommerce order's, so a repeat (the status
 * set again, a retried request) cancels once. The outcome is always an order note.
 *
 * @return true|WP_Error
 */
function billink_checkout_cancel_at_billink( $order ) {
	$ref = (string) $order->get_meta( '_billink_order_ref' );
	if ( '' === $ref || '' === (string) $order->get_meta( '_billink_invoice_number' ) ) {
		return new WP_Error( 'billink_not_approved', 'Billink has not approved this order, so there is nothing to cancel.' );
	}
	$result = billink_checkout_merchant_request(
		'POST',
		'/orders/' . rawurlencode( $ref ) . '/cancel',
		(object) array(),
		array( 'Idempotency-Key' => 'woocommerce-cancel-' . $order->get_id() )
	);
	if ( is_wp_error( $result ) ) {
		$order->add_order_note( 'Billink: the invoice was NOT cancelled, so Billink still invoices the customer: ' . $result->get_error_message() );
		return $result;
	}
	$order->update_meta_data( '_billink_cancelled', 'yes' );
	$order->save();
	$order->add_order_note( 'Billink: the invoice is cancelled; the customer owes nothing.' );
	return true;
}

/** WooCommerce's status Cancelled on an approved Billink order cancels it at Billink (once). */
add_action(
	'woocommerce_order_status_changed',
	function ( $order_id, $from, $to, $order = null ) {
		$order = $order ? $order : wc_get_order( $order_id );
		if ( 'cancelled' !== $to || ! $order || 'billink' !== $order->get_payment_method() ) {
			return;
		}
		if ( '' !== (string) $order->get_meta( '_billink_invoice_number' ) && 'yes' !== $order->get_meta( '_billink_cancelled' ) ) {
			billink_checkout_cancel_at_billink( $order );
		}
	},
	20,
	4
);

/** An event in the shop owner's words. */
function billink_checkout_event_note( array $event ): string {
	$amount = billink_checkout_euro( isset( $event['amountCents'] ) ? (int) $event['amountCents'] : 0 );
	switch ( $event['type'] ) {
		case 'shipped':
			$by    = isset( $event['by'] ) && 'billink' === $event['by'] ? ' by Billink itself (nobody shipped in time)' : '';
			$track = isset( $event['trackAndTrace'] ) ? ', track and trace ' . $event['trackAndTrace'] : '';
			return 'Billink: workflow started' . $by . $track . '; the customer gets the invoice.';
		case 'payment':
			return 'Billink: payment of ' . $amount . ' received.';
		case 'credit':
			return 'Billink: ' . $amount . ' credited.';
		case 'paid':
			return 'Billink: the invoice is paid in full.';
		case 'on_hold':
			return 'Billink: on hold for ' . ( isset( $event['days'] ) ? (int) $event['days'] : 0 ) . ' days.';
		case 'resumed':
			return 'Billink: resumed.';
		case 'declined':
			return 'Billink: the customer was declined; the order is not paid.';
		case 'cancelled':
			return isset( $event['by'] ) && 'merchant' === $event['by']
				? 'Billink: the invoice is cancelled; nothing is outstanding.'
				: 'Billink: the customer cancelled at Billink; the order is not paid.';
		case 'expired':
			return 'Billink: the customer did not finish at Billink in time; the order is not paid.';
		case 'failed':
			return 'Billink: the checkout failed at Billink; the order is not paid.';
		case 'needs_review':
			$billink_number = isset( $event['billinkInvoiceNumber'] ) ? ' ' . $event['billinkInvoiceNumber'] : '';
			$why            = isset( $event['reason'] ) && 'amount_mismatch' === $event['reason']
				? 'for ' . $amount . ', which is not this order\'s total'
				: 'that the proxy could not match to this order';
			return 'Billink: check before shipping. Billink holds an order' . $billink_number . ' under this order number ' . $why . '; this order is not paid by it. Credit it or accept it with the proxy (POST /billink/merchant/orders/{ref}/review, or /admin).';
		default:
			return 'Billink: ' . $event['type'] . '.';
	}
}

/** The Billink box on the order's admin screen: numbers and whether the invoice went out. */
function billink_checkout_admin_box_html( $order ): string {
	$rows = array(
		'Billink order number' => $order->get_meta( '_billink_order_number' ),
		'Invoice number'       => $order->get_meta( '_billink_invoice_number' ),
		'Workflow number'      => $order->get_meta( '_billink_workflow_number' ),
		'Workflow started'     => 'yes' === $order->get_meta( '_billink_workflow_started' ) ? 'yes' : 'no',
	);
	$html = '<dl class="billink-checkout-box">';
	foreach ( $rows as $label => $value ) {
		$html .= '<dt>' . esc_html( $label ) . '</dt><dd>' . esc_html( '' !== (string) $value ? (string) $value : '–' ) . '</dd>';
	}
	return $html . '</dl>';
}

add_action(
	'add_meta_boxes',
	function () {
		foreach ( array( 'shop_order', 'woocommerce_page_wc-orders' ) as $screen ) {
			add_meta_box(
				'billink-checkout',
				'Billink',
				function ( $post_or_order ) {
					$order = is_object( $post_or_order ) && method_exists( $post_or_order, 'get_meta' ) ? $post_or_order : wc_get_order( $post_or_order->ID );
					if ( $order && 'billink' === $order->get_payment_method() ) {
						echo billink_checkout_admin_box_html( $order ); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped inside.
						if ( '' !== (string) $order->get_meta( '_billink_invoice_number' ) ) {
							echo billink_checkout_admin_fields_html( $order ); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped inside.
						}
					}
				},
				$screen,
				'side'
			);
		}
	}
);
