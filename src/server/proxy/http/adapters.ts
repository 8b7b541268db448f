import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { FetchHandler } from '../proxy.js';

type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The proxy as a Node `http` listener: `http.createServer(toNodeListener(proxy))`. The socket
 * address reaches the proxy for per-IP rate limits.
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return getRequestListener(handler) as NodeListener;
}

/**
 * The proxy as Express middleware: `app.use(toExpressMiddleware(proxy))` (mount it before any
 * body parser: webhooks are verified over the raw body). Requests outside the proxy's base path
 * fall through to `next()`.
 */
export function toExpressMiddleware(
  handler: FetchHandler,
  basePath = '/billink',
): (
  req: IncomingMessage & { originalUrl?: string },
  res: ServerResponse,
  next: () => void,
) => void {
  const listener = toNodeListener(handler);
  const prefix = basePath.replace(/\/$/, '');
  return (req, res, next) => {
    const url = req.originalUrl ?? req.url ?? '/';
    if (url !== prefix && !url.startsWith(prefix + '/')) return next();
    // Express strips the mount path from req.url; the proxy routes on the full path.
    req.url = url;
    listener(req, res);
  };
}
