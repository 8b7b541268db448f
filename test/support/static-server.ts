import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves files below `root` on a free loopback port, with optional extra headers (e.g. a CSP), and
 * pages given inline by path — enough to load the built bundles the way a shop would.
 */
export async function serveStatic(
  root: string,
  options: { headers?: Record<string, string>; pages?: Record<string, string> } = {},
): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const inline = options.pages?.[path];
    try {
      const body =
        inline ?? (await readFile(join(root, normalize(path).replace(/^(\.\.[/\\])+/, ''))));
      res.writeHead(200, {
        'content-type':
          TYPES[extname(path)] ?? (inline ? TYPES['.html']! : 'application/octet-stream'),
        ...options.headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404, options.headers).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
