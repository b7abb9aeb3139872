import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MeUpdateRequest, MeView } from '../../../../shared/api.js';
import { isLocale, type Locale } from '../../../../shared/i18n.js';
import { localizeResults } from '../../../check/messages.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { HISTORY_RUNS, type LearnerRecord, type Store } from '../../../store/index.js';
import { errorSchema } from '../../plugins/errors.js';
import { langQuery, localized, setLocaleCookie } from '../../plugins/locale.js';
import { exerciseQuery, historyItem, historyQuery, meBody, meSchema, progressItem } from './schemas.js';

const tags = ['learner'];
const errors = { 400: errorSchema, 429: errorSchema, 503: errorSchema };

/** The caller's identity, display name, language and progress. Only ever the caller's own. */
export async function meRoutes(app: FastifyInstance, opts: { store: Store; curriculum?: () => Curriculum }): Promise<void> {
  const { store } = opts;
  const learnerOf = (req: FastifyRequest) => (req.identity.role === 'learner' ? store.getLearner(req.identity.id) : Promise.resolve(undefined));

  app.get<{ Querystring: { lang?: Locale } }>(
    '/api/me',
    {
      schema: {
        summary: 'Who you are: id, role, display name and language',
        description: 'A learner whose saved language this browser has no cookie for (a new browser) gets the opslab_locale cookie again.',
        tags,
        querystring: langQuery,
        response: { 200: { description: 'You.', ...meSchema }, ...errors },
      },
    },
    async (req, reply): Promise<MeView> => {
      const rec = await learnerOf(req);
      return { id: req.identity.id, role: req.identity.role, displayName: rec?.displayName ?? null, ...languageOf(app, req, reply, rec) };
    },
  );

  app.put<{ Body: MeUpdateRequest }>(
    '/api/me',
    {
      schema: {
        summary: 'Set your display name, your language, or both',
        description: 'A language is kept for a learner (a new browser of theirs opens in it) and in the opslab_locale cookie; for other roles, in the cookie only.',
        tags,
        body: meBody,
        response: { 200: { description: 'You, changed.', ...meSchema }, ...errors },
      },
    },
    async (req, reply): Promise<MeView> => {
      const { displayName, locale } = req.body;
      if (displayName !== undefined) await store.setDisplayName({ id: req.identity.id, displayName: displayName.trim() });
      if (locale !== undefined) {
        if (req.identity.role === 'learner') await store.setLocale({ id: req.identity.id, locale });
        setLocaleCookie(app, reply, locale);
      }
      const rec = await learnerOf(req);
      return {
        id: req.identity.id,
        role: req.identity.role,
        displayName: rec?.displayName ?? (displayName === undefined ? null : displayName.trim()),
        ...(locale === undefined ? languageOf(app, req, reply, rec) : { locale, localeChosen: true }),
      };
    },
  );

  app.get<{ Querystring: { exercise?: string } }>(
    '/api/progress',
    {
      schema: {
        summary: "Your progress: each task's best status so far",
        tags,
        querystring: exerciseQuery,
        response: { 200: { description: 'One row per task you checked or answered.', type: 'array', items: progressItem }, ...errors },
      },
    },
    async (req) => store.progress({ learner: req.identity.id, exercise: req.query.exercise }),
  );

  app.get<{ Querystring: { exercise?: string; lang?: Locale } }>(
    '/api/history',
    {
      schema: {
        summary: 'Your check runs, newest first (the last 50, as many of them as fit in 512 KiB of results)',
        description: "Messages in the request's language (`lang`, else the opslab_locale cookie, else Accept-Language), English where a catalog has none.",
        tags,
        querystring: historyQuery,
        response: { 200: { description: 'Your check runs with their results.', type: 'array', items: historyItem }, ...errors },
      },
    },
    async (req, reply) => {
      const runs = await store.history({ learner: req.identity.id, exercise: req.query.exercise, limit: HISTORY_RUNS });
      // Kept in English with their message keys; read in the language asked for.
      const exercises = opts.curriculum?.().exercises;
      localized(reply, req.locale);
      return runs.map((r) => ({ ...r, results: localizeResults(r.results, exercises?.get(r.exercise), req.locale) }));
    },
  );
}

/**
 * The caller's language: `?lang=` or the cookie (a choice this browser holds), else the learner's
 * saved choice (then the cookie is set again, for a new browser), else negotiated from
 * Accept-Language (no choice).
 */
function languageOf(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, rec: LearnerRecord | undefined): { locale: Locale; localeChosen: boolean } {
  if (req.localeSource === 'cookie') return { locale: req.locale, localeChosen: true };
  const saved = isLocale(rec?.locale) ? rec.locale : undefined;
  if (saved && req.localeSource !== 'query') {
    setLocaleCookie(app, reply, saved);
    return { locale: saved, localeChosen: true };
  }
  // A `lang` in the URL is this page's language, not a choice kept anywhere.
  return { locale: req.locale, localeChosen: saved !== undefined && saved === req.locale };
}
