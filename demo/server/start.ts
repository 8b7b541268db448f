import { serve } from '@hono/node-server';
import { createDemoApp } from './app.js';

// `npm start`: builds first (see package.json), then serves the demo on localhost.
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0–65535), got "${process.env.PORT}".`);
  process.exit(1);
}

const server = serve({ fetch: createDemoApp().fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`billink-checkout demo: http://localhost:${info.port}/`);
});

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
  process.on(signal, () => server.close(() => process.exit(0)));
}
