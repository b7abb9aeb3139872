// The API in a language: a request's locale (?lang= over the opslab_locale cookie over
// Accept-Language), the course's views in it with English per field where the translation stops,
// the learner's choice kept (PUT /api/me) and given back to a new browser, and the glossary. The
// fixture course with translations set by hand on the loaded objects (what the loader fills).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum, type Curriculum } from '../../server/curriculum/index.js';
import type { CourseTranslation, ExerciseTranslation, GlossaryTerm } from '../../server/curriculum/translations.js';
import { buildApp } from '../../server/http/app.js';
import { TokenTable } from '../../server/http/plugins/identity.js';
import { openStore, type Store } from '../../server/store/index.js';
import { TEST_SECRET, cookieOf } from '../helpers/app.js';
import { GOOD_COURSE } from '../helpers/curriculum.js';

const GLOSSARY: GlossaryTerm[] = [
  {
    id: 'director',
    names: { en: 'director', 'zh-CN': '调度器' },
    aka: ['DS', '负载调度器'],
    answer: 'director',
    definition: { en: 'The LVS host that forwards each connection.', 'zh-CN': '接收请求并把连接转发给真实服务器的 LVS 主机。' },
  },
  { id: 'vip', names: { en: 'VIP' }, aka: ['virtual IP'], answer: 'vip', definition: { en: 'The address clients connect to.' } },
];

/** The fixture course, partly translated: what is not here must come back in English. */
function translatedCurriculum(): Curriculum {
  const { curriculum, problems } = loadCurriculum(GOOD_COURSE);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  const course = curriculum.courses[0]!;
  const courseTr: CourseTranslation = {
    roadmap: { title: '练习课程', stages: { basics: { title: '基础' } }, modules: { intro: { title: '入门' } } },
    // As the loader gives it: without the stamp line (units.ts takes it off).
    lessons: { intro: '# 入门\n\n先读这一课。\n' },
  };
  Object.assign(course, { translations: { 'zh-CN': courseTr }, glossary: GLOSSARY });
  const quiz: ExerciseTranslation = {
    title: '小测验',
    tasks: { q1: { title: '谁管理 IPVS？', quiz: { question: '哪个工具管理 IPVS 表？', explanation: 'ipvsadm 通过内核接口操作 IPVS。' } } },
  };
  Object.assign(curriculum.exercises.get('quiz-ex')!, { translations: { 'zh-CN': quiz } });
  return curriculum;
}

const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };

describe('the API in the request’s language', () => {
  let app: FastifyInstance;
  let store: Store;
  let dir: string;
  const tokens = new TokenTable([['author-token-0123456789abcdef', { id: 'ada', role: 'author' }]]);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-locale-'));
    store = await openStore({ dataDir: dir });
    app = await buildApp({ curriculum: translatedCurriculum(), secret: TEST_SECRET, store, tokens });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const localeCookie = (res: LightMyRequestResponse): string | undefined => {
    const raw = res.headers['set-cookie'];
    return (Array.isArray(raw) ? raw : raw ? [raw] : []).find((c) => c.startsWith('opslab_locale='));
  };

  it('answers Accept-Language zh-CN in Chinese where a translation exists and in English where not', async () => {
    const res = await app.inject({ url: '/api/roadmap', headers: ZH });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.locale).toBe('zh-CN');
    expect(view.title).toBe('练习课程');
    expect(view.courses).toEqual([{ id: 'fixture', title: '练习课程' }]);
    const [basics] = view.stages;
    expect(basics.title).toBe('基础');
    expect(basics.modules.map((m: { title: string }) => m.title)).toEqual(['入门', 'The web']);
    expect(basics.modules[0].exercises[0]).toMatchObject({ id: 'quiz-ex', title: '小测验', summary: 'Questions.' });
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(String(res.headers.vary)).toMatch(/Accept-Language/);
    expect(String(res.headers.vary)).toMatch(/Cookie/);

    const en = (await app.inject({ url: '/api/roadmap' })).json();
    expect(en.locale).toBe('en');
    expect(en.title).toBe('Fixture course');
    expect(en.stages[0].modules[1].exercises[0].title).toBe(basics.modules[1].exercises[0].title); // untranslated: the same English
  });

  it('gives an exercise field by field: translated titles beside the English of the rest', async () => {
    const res = await app.inject({ url: '/api/exercises/quiz-ex', headers: ZH });
    expect(res.statusCode).toBe(200);
    const ex = res.json();
    expect(ex).toMatchObject({ locale: 'zh-CN', title: '小测验', summary: 'Questions.' });
    expect(ex.tasks[0]).toMatchObject({ id: 'q1', title: '谁管理 IPVS？', text: 'The user-space tool.', quiz: { question: '哪个工具管理 IPVS 表？' } });
    expect(ex.tasks[1]).toMatchObject({ id: 'q2', title: 'Throughput', quiz: { question: '536 bytes in 60 µs is how many MB/s?' } });
    expect(JSON.stringify(ex)).not.toContain('explanation'); // only with a graded answer
    expect(res.headers['content-language']).toBe('zh-CN');
  });

  it('gives a module lesson from its overlay, and English for a module without one', async () => {
    const intro = (await app.inject({ url: '/api/modules/intro', headers: ZH })).json();
    expect(intro).toEqual({ locale: 'zh-CN', id: 'intro', title: '入门', markdown: '# 入门\n\n先读这一课。\n' });
    const web = (await app.inject({ url: '/api/modules/web', headers: ZH })).json();
    expect(web.locale).toBe('zh-CN');
    expect(web.title).toBe('The web');
    expect(web.markdown).toBe((await app.inject('/api/modules/web')).json().markdown);
  });

  it('?lang=en beats Accept-Language and the cookie', async () => {
    const res = await app.inject({ url: '/api/roadmap?lang=en', headers: { ...ZH, cookie: 'opslab_locale=zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ locale: 'en', title: 'Fixture course' });
    expect(res.headers['content-language']).toBe('en');
    const ex = await app.inject({ url: '/api/exercises/quiz-ex?lang=zh-CN' });
    expect(ex.json().title).toBe('小测验');
  });

  it('the cookie beats Accept-Language; an unknown cookie value is ignored', async () => {
    const res = await app.inject({ url: '/api/roadmap', headers: { 'accept-language': 'en-US,en', cookie: 'opslab_locale=zh-CN' } });
    expect(res.json().title).toBe('练习课程');
    const odd = await app.inject({ url: '/api/roadmap', headers: { ...ZH, cookie: 'opslab_locale=tlh' } });
    expect(odd.statusCode).toBe(200);
    expect(odd.json().locale).toBe('zh-CN');
  });

  it.each([['fr'], ['zh-TW'], ['EN'], [''], ['x'.repeat(5000)]])('refuses ?lang=%s with 400 LOCALE_UNKNOWN as JSON', async (lang) => {
    const res = await app.inject({ url: `/api/roadmap?lang=${encodeURIComponent(lang)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'LOCALE_UNKNOWN', message: expect.stringContaining('lang=zh-CN') });
    expect(res.json().message.length).toBeLessThan(200);
  });

  it('refuses two lang parameters, and lang on an exercise route too; a page outside the API ignores it', async () => {
    expect((await app.inject('/api/roadmap?lang=en&lang=zh-CN')).json().error).toBe('LOCALE_UNKNOWN');
    expect((await app.inject('/api/exercises/quiz-ex?lang=de')).statusCode).toBe(400);
    // Not the API: the web app's pages (the SPA shell when built, a 404 here) never fail on a language.
    expect((await app.inject('/exercises/quiz-ex?lang=de')).json().error).toBe('NOT_FOUND');
  });

  it('takes a 10 KB Accept-Language header (it reads the first 512 characters)', async () => {
    const long = `${'x-pirate;q=0.1, '.repeat(640)}zh-CN`;
    expect(long.length).toBeGreaterThan(10_000);
    const started = performance.now();
    const res = await app.inject({ url: '/api/roadmap', headers: { 'accept-language': long } });
    expect(res.statusCode).toBe(200);
    expect(res.json().locale).toBe('en'); // zh-CN is past the bound
    expect(performance.now() - started).toBeLessThan(1000);
    const first = await app.inject({ url: '/api/roadmap', headers: { 'accept-language': `zh;q=0.5,${'en;q=0.1,'.repeat(1200)}` } });
    expect(first.json().locale).toBe('zh-CN');
  });

  it('PUT /api/me {locale} keeps it for the learner and sets the opslab_locale cookie', async () => {
    const me = await app.inject('/api/me');
    const cookie = cookieOf(me);
    expect(me.json()).toMatchObject({ locale: 'en', localeChosen: false });
    const put = await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { locale: 'zh-CN' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id: me.json().id, locale: 'zh-CN', localeChosen: true, displayName: null });
    expect(localeCookie(put)).toBe('opslab_locale=zh-CN; Path=/; SameSite=Lax; Max-Age=31536000');
    expect((await store.getLearner(me.json().id))?.locale).toBe('zh-CN');

    // The same browser, with its cookie: Chinese everywhere, a choice.
    const both = `${cookie}; opslab_locale=zh-CN`;
    expect((await app.inject({ url: '/api/me', headers: { cookie: both } })).json()).toMatchObject({ locale: 'zh-CN', localeChosen: true });
    expect((await app.inject({ url: '/api/roadmap', headers: { cookie: both } })).json().title).toBe('练习课程');
  });

  it('GET /api/me on a new browser (no locale cookie) gives the saved choice back and sets the cookie again', async () => {
    const cookie = cookieOf(await app.inject('/api/me'));
    await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { locale: 'zh-CN', displayName: '小明' } });
    const fresh = await app.inject({ url: '/api/me', headers: { cookie, 'accept-language': 'en-GB' } });
    expect(fresh.json()).toMatchObject({ displayName: '小明', locale: 'zh-CN', localeChosen: true });
    expect(localeCookie(fresh)).toMatch(/^opslab_locale=zh-CN;/);
    // With the cookie back, nothing more to set.
    const again = await app.inject({ url: '/api/me', headers: { cookie: `${cookie}; opslab_locale=zh-CN` } });
    expect(localeCookie(again)).toBeUndefined();
    // Switching back to English is kept the same way.
    await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { locale: 'en' } });
    expect((await app.inject({ url: '/api/me', headers: { cookie, ...ZH } })).json()).toMatchObject({ locale: 'en', localeChosen: true });
  });

  it('a learner with no choice gets the negotiated language, not a chosen one', async () => {
    const res = await app.inject({ url: '/api/me', headers: ZH });
    expect(res.json()).toMatchObject({ locale: 'zh-CN', localeChosen: false });
    expect(localeCookie(res)).toBeUndefined();
  });

  it.each([[{ locale: 'fr' }], [{ locale: 'zh-TW' }], [{ locale: 7 }], [{}], [{ locale: 'en', extra: 1 }]])('PUT /api/me %j is a 400 and keeps nothing', async (body) => {
    const cookie = cookieOf(await app.inject('/api/me'));
    const res = await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('BAD_REQUEST');
    expect(localeCookie(res)).toBeUndefined();
  });

  it('keeps the language of an author in the cookie only', async () => {
    const auth = { authorization: 'Bearer author-token-0123456789abcdef' };
    const res = await app.inject({ method: 'PUT', url: '/api/me', headers: auth, payload: { locale: 'zh-CN' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'ada', role: 'author', locale: 'zh-CN', localeChosen: true });
    expect(localeCookie(res)).toMatch(/^opslab_locale=zh-CN;/);
    expect(await store.getLearner('ada')).toBeUndefined();
    expect((await app.inject({ url: '/api/me', headers: auth })).json()).toMatchObject({ locale: 'en', localeChosen: false });
  });

  it('GET /api/glossary: every name, the definition in the language asked for, English where it has none', async () => {
    const res = await app.inject({ url: '/api/glossary', headers: ZH });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('zh-CN');
    expect(res.json()).toEqual({
      locale: 'zh-CN',
      course: 'fixture',
      terms: [
        { id: 'director', names: { en: 'director', 'zh-CN': '调度器' }, aka: ['DS', '负载调度器'], definition: '接收请求并把连接转发给真实服务器的 LVS 主机。' },
        { id: 'vip', names: { en: 'VIP' }, aka: ['virtual IP'], definition: 'The address clients connect to.' },
      ],
    });
    const en = (await app.inject('/api/glossary?course=fixture&lang=en')).json();
    expect(en.terms[0].definition).toBe('The LVS host that forwards each connection.');
    const missing = await app.inject('/api/glossary?course=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('NOT_FOUND');
    expect((await app.inject('/api/glossary?bogus=1')).statusCode).toBe(400);
  });

  it('grades a quiz answer and explains in the learner’s language', async () => {
    const cookie = cookieOf(await app.inject('/api/me'));
    const zh = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { cookie, ...ZH }, payload: { answer: 'ipvsadm' } });
    expect(zh.statusCode).toBe(200);
    expect(zh.json()).toMatchObject({ correct: true, explanation: 'ipvsadm 通过内核接口操作 IPVS。' });
    expect(zh.headers['content-language']).toBe('zh-CN');
    const en = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer?lang=en', headers: { cookie, ...ZH }, payload: { answer: 'iptables' } });
    expect(en.json()).toMatchObject({ correct: false, explanation: "ipvsadm talks to the kernel's IPVS." });
    // No translation of this explanation: English.
    const q2 = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q2/answer', headers: { cookie, ...ZH }, payload: { answer: '8.93 MB/s' } });
    expect(q2.json()).toMatchObject({ correct: true, explanation: '536 / 60e-6 = 8.93e6 bytes per second.' });
  });
});

describe('the language cookie over https', () => {
  it('is Secure like the identity cookie', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-locale-'));
    const store = await openStore({ dataDir: dir });
    const app = await buildApp({ curriculum: translatedCurriculum(), secret: TEST_SECRET, store, publicUrls: ['https://labs.example.org'] });
    try {
      const host = 'labs.example.org';
      const cookie = cookieOf(await app.inject({ url: '/api/me', headers: { host } }));
      const res = await app.inject({ method: 'PUT', url: '/api/me', headers: { host, cookie, origin: 'https://labs.example.org' }, payload: { locale: 'zh-CN' } });
      expect(res.statusCode).toBe(200);
      const raw = res.headers['set-cookie'];
      expect((Array.isArray(raw) ? raw : [raw]).find((c) => c?.startsWith('opslab_locale='))).toBe('opslab_locale=zh-CN; Path=/; SameSite=Lax; Max-Age=31536000; Secure');
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
