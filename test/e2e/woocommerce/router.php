<?php
// `php -S` router for a real WordPress (docroot = WordPress): files as they are, directories by
// their index.php, everything else (pretty permalinks, /wp-json/…) through WordPress's index.php.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$file = realpath( $root . $path );
if ( false !== $file && 0 === strpos( $file, realpath( $root ) ) ) {
	if ( is_file( $file ) ) {
		return false;
	}
	if ( is_dir( $file ) && is_file( $file . '/index.php' ) ) {
		if ( '/' !== substr( $path, -1 ) ) {
			header( 'Location: ' . $path . '/' . ( isset( $_SERVER['QUERY_STRING'] ) && '' !== $_SERVER['QUERY_STRING'] ? '?' . $_SERVER['QUERY_STRING'] : '' ), true, 301 );
			return true;
		}
		$_SERVER['SCRIPT_NAME']     = rtrim( $path, '/' ) . '/index.php';
		$_SERVER['SCRIPT_FILENAME'] = $file . '/index.php';
		chdir( $file );
		require $file . '/index.php';
		return true;
	}
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
require $root . '/index.php';
