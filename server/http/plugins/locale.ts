// The language of a request, chosen once for every route: `?lang=` (a link that names its
// language, or the web app's switch), else the opslab_locale cookie (the learner's choice, set by
// PUT /api/me), else the browser's Accept-Language, else English. Routes that answer in it say so
// with Content-Language and Vary (localized below), so a cache never hands a Chinese page to an
// English reader.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isLocale, LOCALES, type Locale, negotiateLocale, SOURCE_LOCALE } from '../../../shared/i18n.js';
import { OpslabError } from '../../errors.js';
import { appendSetCookie, readCookie } from './identity.js';

/** Where a request's locale came from: /api/me tells a choice (query, cookie) from a guess. */
export type LocaleSource = 'query' | 'cookie' | 'header' | 'default';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    localeSource: LocaleSource;
  }
  interface FastifyInstance {
    /** The Set-Cookie value that keeps `locale` as this browser's language. */
    localeCookie(locale: Locale): string;
  }
}

export const LOCALE_COOKIE = 'opslab_locale';

/** The `lang` query parameter, for the querystring schema of every route that answers in a language. */
export const langQueryProperty = {
  type: 'string',
  enum: [...LOCALES],
  description: 'The language of the answer (default: the opslab_locale cookie, else Accept-Language, else en). Fields without a translation are in English.',
} as const;

/** The querystring of a route whose only parameter is the language. */
export const langQuery = { type: 'object', properties: { lang: langQueryProperty }, additionalProperties: false } as const;

/** The language a view is in (RoadmapView.locale and the others): the one asked for, English where a field has no translation. */
export const localeField = { type: 'string', enum: [...LOCALES] } as const;

export interface LocaleOptions {
  /** Mark the cookie Secure (the server is reached over https), as the identity cookie. */
  secureCookie?: boolean;
}

/**
 * The locale a request asks for. An unknown `lang` on an API route is a mistake worth saying
 * (LOCALE_UNKNOWN); an unknown cookie value is ignored (it may be from an older server); the
 * header is bounded by negotiateLocale.
 */
export function requestLocale(req: FastifyRequest): { locale: Locale; source: LocaleSource } {
  const lang = (req.query as Record<string, unknown> | undefined)?.lang;
  if (lang !== undefined) {
    if (isLocale(lang)) return { locale: lang, source: 'query' };
    if (req.url.startsWith('/api/')) throw new OpslabError('LOCALE_UNKNOWN', `No language ${JSON.stringify(String(lang).slice(0, 40))} here: use lang=${LOCALES.join(' or lang=')}.`);
  }
  const cookie = readCookie(req.headers.cookie, LOCALE_COOKIE);
  if (isLocale(cookie)) return { locale: cookie, source: 'cookie' };
  const header = req.headers['accept-language'];
  const negotiated = negotiateLocale(Array.isArray(header) ? header[0] : header);
  if (negotiated) return { locale: negotiated, source: 'header' };
  return { locale: SOURCE_LOCALE, source: 'default' };
}

async function requestLocales(app: FastifyInstance, opts: LocaleOptions): Promise<void> {
  app.decorateRequest('locale', SOURCE_LOCALE);
  app.decorateRequest('localeSource', 'default');
  // onRequest: before validation, so a bad `lang` is LOCALE_UNKNOWN on every route alike, not
  // a schema message on some and nothing on others.
  app.addHook('onRequest', async (req) => {
    const { locale, source } = requestLocale(req);
    req.locale = locale;
    req.localeSource = source;
  });
  app.decorate('localeCookie', (locale: Locale) => `${LOCALE_COOKIE}=${locale}; ${cookieAttributes(opts.secureCookie)}`);
}

// Not HttpOnly: a language is no secret, and the web app may read it to draw its first screen in
// the right language before GET /api/me answers. A year, like the identity.
function cookieAttributes(secure?: boolean): string {
  return `Path=/; SameSite=Lax; Max-Age=31536000${secure ? '; Secure' : ''}`;
}

export const localePlugin = fp(requestLocales, { name: 'opslab-locale', fastify: '5.x' });

/** Sets `opslab_locale` on the reply (beside any identity cookie already set). */
export function setLocaleCookie(app: FastifyInstance, reply: FastifyReply, locale: Locale): void {
  appendSetCookie(reply, app.localeCookie(locale));
}

/** Marks a reply as one in `locale`: it varies with what chose the locale (query aside, which is in the URL). */
export function localized(reply: FastifyReply, locale: Locale): void {
  reply.header('content-language', locale);
  const prev = reply.getHeader('vary');
  const have = new Set(
    String(prev ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
  for (const v of ['Accept-Language', 'Cookie']) have.add(v);
  reply.header('vary', [...have].join(', '));
}
