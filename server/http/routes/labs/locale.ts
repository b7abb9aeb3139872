// The language a request is answered in, for the check routes. H2a's locale plugin sets
// `req.locale` (the learner's chosen language, else Accept-Language); until it is on main this
// reads Accept-Language itself. The one place to point at the real thing once it is there.
import type { FastifyRequest } from 'fastify';
import { isLocale, type Locale, negotiateLocale, SOURCE_LOCALE } from '../../../../shared/i18n.js';

export function requestLocale(req: FastifyRequest): Locale {
  const set = (req as { locale?: unknown }).locale;
  if (isLocale(set)) return set;
  const header = req.headers['accept-language'];
  return negotiateLocale(Array.isArray(header) ? header.join(',') : header) ?? SOURCE_LOCALE;
}
