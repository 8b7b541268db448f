import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from '../../src/server/proxy/standalone/config.js';
import { createDemoApp } from './app.js';

/**
 * `npm start`: builds first (see package.json), then serves the demo shop on localhost with the
 * proxy and, unless BILLINK_ENV says otherwise, the embedded Billink simulator.
 */
let config;
try {
  config = readConfig(
    { ...process.env, PORT: process.env.PORT ?? '3000' },
    { ordersFromHost: true },
  );
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`demo: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const port = config.port;
const quietLogger = { warn: console.warn, error: console.error };
let demo: ReturnType<typeof createDemoApp> | undefined;

const server = serve(
  { fetch: (request, env) => demo!.app.fetch(request, env), port, hostname: config.host },
  (info) => {
    const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${info.port}`;
    demo = createDemoApp(
      { ...config, port: info.port },
      {
        publicUrl,
        logger: quietLogger,
        ...(process.env.ADMIN_PASSWORD ? { adminPassword: process.env.ADMIN_PASSWORD } : {}),
      },
    );
    void demo.stack.connectWebhooks().then(() => {
      console.log(`billink-checkout demo shop: ${publicUrl}/`);
      console.log(
        config.billinkEnv === 'simulator'
          ? '  Billink: embedded simulator (no account needed). Try the e-mail jan+decline@example.com for a decline.'
          : `  Billink: ${config.billinkEnv} API. Webhooks cannot reach localhost; status comes from polling.`,
      );
      console.log(`  Back office: ${publicUrl}/admin  password: ${demo!.adminPassword}`);
    });
  },
);

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(
      `Port ${port} is already in use. Start on another one with PORT=<port> npm start.`,
    );
  } else {
    console.error(`The demo server could not start: ${error.message}`);
  }
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void demo?.stack.close();
    server.close(() => process.exit(0));
  });
}
