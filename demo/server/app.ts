import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * The demo site: the shop pages from demo/ and the built CDN bundle from dist/cdn, served under the
 * strict CSP the widget is built for (no inline scripts or styles anywhere).
 */
export function createDemoApp(): Hono {
  const app = new Hono();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'https://cdn.billink.nl'],
      },
    }),
  );
  app.use('/dist/cdn/*', serveStatic({ root: './' }));
  app.use('/*', serveStatic({ root: './demo/public' }));
  return app;
}
