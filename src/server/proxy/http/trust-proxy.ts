import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Which reverse proxies may tell us the client's address, with Express's "trust proxy" semantics
 * (parsed by `proxy-addr`, the library Express uses): `true` trusts every hop (the left-most
 * X-Forwarded-For entry is the client), a number trusts that many hops, and addresses / CIDRs /
 * `loopback` / `linklocal` / `uniquelocal` trust exactly those peers. Without it, the socket address
 * is the client: a forged X-Forwarded-For must not buy a fresh rate-limit bucket.
 */
export type TrustProxy = boolean | number | string | readonly string[];

export type TrustFn = (address: string, hop: number) => boolean;

const TRUST_ALL: TrustFn = () => true;

/** Throws (TypeError from proxy-addr) on an address or CIDR it cannot parse. */
export function compileTrust(value: TrustProxy | undefined): TrustFn {
  if (value === undefined || value === false) return () => false;
  if (value === true) return TRUST_ALL;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new TypeError(`invalid hop count ${value}`);
    return (_address, hop) => hop < value;
  }
  const list = typeof value === 'string' ? value.split(',') : [...value];
  return proxyAddr.compile(list.map((v) => v.trim()).filter(Boolean));
}

/** `TRUST_PROXY` text: `true`/`false`, a hop count, or a comma-separated list of addresses. */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  compileTrust(value); // validate now, at start
  return value;
}

/**
 * The client's address: the socket peer, then X-Forwarded-For hops right to left for as long as
 * each hop is trusted. Without a socket address (Workers, Deno) only `true` can use the header.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trust: TrustFn,
): string | undefined {
  if (!socketAddress) {
    if (trust !== TRUST_ALL) return undefined;
    return forwardedFor?.split(',')[0]?.trim() || undefined;
  }
  const request = {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    connection: { remoteAddress: socketAddress },
    socket: { remoteAddress: socketAddress },
  } as unknown as IncomingMessage;
  return proxyAddr(request, trust);
}
