/**
 * Who may use the back office: one demo password (random per start unless ADMIN_PASSWORD is set),
 * then a random session id in an HttpOnly, SameSite=Strict cookie scoped to /admin. The session
 * also carries the one message the next page shows after a POST-and-redirect.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AdminLang } from './texts.js';

const COOKIE = 'demo_admin';
const LANG_COOKIE = 'demo_admin_lang';
const MAX_SESSIONS = 100;

/** What the page after a redirect tells the user: done, or what to fix (and in which field). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  /** The form field the error is about (its input gets focus and aria-invalid). */
  field?: string;
  /** What the user typed, so a refused form keeps it. */
  values?: Record<string, string>;
}

interface Session {
  flash?: Flash;
  /** Form keys already used for a change that has no idempotency of its own. */
  usedKeys: Set<string>;
}

export const randomPassword = () => randomBytes(9).toString('base64url');

const digest = (text: string) => createHash('sha256').update(text).digest();

export function createSessions(password: string) {
  const expected = digest(password);
  const sessions = new Map<string, Session>();
  return {
    /** Constant-time check; on success a new session cookie. */
    logIn(c: Context, given: string): boolean {
      if (!timingSafeEqual(digest(given), expected)) return false;
      const id = randomBytes(24).toString('base64url');
      sessions.set(id, { usedKeys: new Set() });
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/admin' });
      return true;
    },
    logOut(c: Context): void {
      const id = getCookie(c, COOKIE);
      if (id) sessions.delete(id);
      deleteCookie(c, COOKIE, { path: '/admin' });
    },
    current(c: Context): Session | undefined {
      return sessions.get(getCookie(c, COOKIE) ?? '');
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;

/** `?lang=` switches and is remembered; otherwise the cookie; Dutch by default. */
export function adminLang(c: Context): AdminLang {
  const asked = c.req.query('lang');
  if (asked === 'nl' || asked === 'en') {
    setCookie(c, LANG_COOKIE, asked, { sameSite: 'Lax', path: '/admin' });
    return asked;
  }
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'nl';
}
