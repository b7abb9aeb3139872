import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../shared/api.js';
import { KEPT_MESSAGE_CHARS, KEPT_OUTPUT_CHARS, openStore, type Store } from '../../server/store/index.js';

// The PostgreSQL that `opslab setup --test` starts (scripts/test-postgres.sh); a missing one fails loudly.
const PG_URL = process.env.OPSLAB_TEST_PG ?? 'postgres://postgres@127.0.0.1:54329/opslab_test';

async function freshPostgres(): Promise<string> {
  const schema = `t_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

const results = (tests: [string, 'pass' | 'fail' | 'error'][]): Results => ({
  version: 3,
  status: tests.some(([, s]) => s === 'error') ? 'error' : tests.some(([, s]) => s === 'fail') ? 'fail' : 'pass',
  message: '',
  tests: tests.map(([task, status], i) => ({ name: `c${i}`, task_id: task, host: 'h', status, message: status, output: '', duration_ms: 1 })),
});

const kinds: [string, () => Promise<{ open: () => Promise<Store> }>][] = [
  ['sqlite', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-store-'));
    return { open: () => openStore({ dataDir }) };
  }],
  ['postgres', async () => {
    const url = await freshPostgres();
    return { open: () => openStore({ dataDir: '/nonexistent', url }) };
  }],
];

describe.each(kinds)('%s store', (kind, make) => {
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {});
  });
  const open = async (factory: { open: () => Promise<Store> }) => {
    const s = await factory.open();
    opened.push(s);
    return s;
  };

  it('keeps learners, progress, history, answers and labs across a reopen', async () => {
    const factory = await make();
    const store = await open(factory);
    expect(store.kind).toBe(kind);
    await store.ensureLearner({ id: 'l_1', cohort: 'monday' });
    await store.setDisplayName({ id: 'l_1', displayName: 'Ada' });
    await store.recordChecks({ learner: 'l_1', exercise: 'lvs-dr', results: results([['vip', 'fail'], ['arp', 'fail']]) });
    await store.recordChecks({ learner: 'l_1', exercise: 'lvs-dr', task: 'vip', results: results([['vip', 'pass']]) });
    await store.recordChecks({ learner: 'l_1', exercise: 'lvs-dr', task: 'vip', results: results([['vip', 'fail']]) }); // a later failure keeps the pass
    await store.recordAnswer({ learner: 'l_1', exercise: 'lb-concepts', task: 'q1', answer: 'ipvsadm', correct: true });
    await store.saveLab({ id: 'lab-1', learner: 'l_1', exercise: 'lvs-dr', engine: 'vm', state: 'ready', createdAt: new Date().toISOString() });
    await store.close();

    const again = await open(factory);
    expect(await again.getLearner('l_1')).toMatchObject({ id: 'l_1', displayName: 'Ada', cohort: 'monday' });
    const progress = await again.progress({ learner: 'l_1' });
    expect(progress.map((p) => [p.exercise, p.task, p.status, p.attempts])).toEqual([
      ['lb-concepts', 'q1', 'pass', 1],
      ['lvs-dr', 'arp', 'fail', 1],
      ['lvs-dr', 'vip', 'pass', 3],
    ]);
    expect(progress.find((p) => p.task === 'vip')!.passedAt).toBeTruthy();
    const history = await again.history({ learner: 'l_1', exercise: 'lvs-dr' });
    expect(history.map((h) => h.status)).toEqual(['fail', 'pass', 'fail']);
    expect(history[1]!.results.tests[0]!.task_id).toBe('vip');
    expect(await again.labs({ learner: 'l_1' })).toMatchObject([{ id: 'lab-1', engine: 'vm' }]);
    await again.deleteLab('lab-1');
    expect(await again.labs()).toEqual([]);
  });

  it("keeps a learner's chosen language across a reopen, beside the name, and forgets it when told", async () => {
    const factory = await make();
    const store = await open(factory);
    expect((await store.ensureLearner({ id: 'l_lang' })).locale).toBeUndefined();
    await store.setDisplayName({ id: 'l_lang', displayName: '小明' });
    await store.setLocale({ id: 'l_lang', locale: 'zh-CN' });
    await store.setLocale({ id: 'l_new', locale: 'en' }); // a learner the store has not seen yet
    await store.close();

    const again = await open(factory);
    expect(await again.getLearner('l_lang')).toMatchObject({ displayName: '小明', locale: 'zh-CN' });
    expect((await again.getLearner('l_new'))?.locale).toBe('en');
    await again.setLocale({ id: 'l_lang', locale: null });
    expect((await again.getLearner('l_lang'))?.locale).toBeUndefined();
    expect((await again.getLearner('l_lang'))?.displayName).toBe('小明');
  });

  it('keeps lab start times across a reopen, newest first, per engine kind and exercise', async () => {
    const factory = await make();
    const store = await open(factory);
    expect(await store.labStarts({ engine: 'vm', limit: 9 })).toEqual([]);
    for (const ms of [41_000, 39_000, 52_000]) await store.recordLabStart({ exercise: 'lvs-dr', engine: 'vm', ms });
    await store.recordLabStart({ exercise: 'lvs-nat', engine: 'vm', ms: 60_000 });
    await store.recordLabStart({ exercise: 'lvs-dr', engine: 'local', ms: 4_000.6 });
    await store.close();

    const again = await open(factory);
    const dr = await again.labStarts({ engine: 'vm', exercise: 'lvs-dr', limit: 9 });
    expect(dr.map((s) => s.ms)).toEqual([52_000, 39_000, 41_000]);
    expect(dr.every((s) => s.exercise === 'lvs-dr' && s.engine === 'vm' && !Number.isNaN(Date.parse(s.at)))).toBe(true);
    expect((await again.labStarts({ engine: 'vm', limit: 9 })).map((s) => [s.exercise, s.ms])).toEqual([
      ['lvs-nat', 60_000],
      ['lvs-dr', 52_000],
      ['lvs-dr', 39_000],
      ['lvs-dr', 41_000],
    ]);
    expect((await again.labStarts({ engine: 'vm', limit: 2 })).map((s) => s.ms)).toEqual([60_000, 52_000]);
    expect(await again.labStarts({ engine: 'local', exercise: 'lvs-dr', limit: 9 })).toMatchObject([{ ms: 4_001 }]);
    expect(await again.labStarts({ engine: 'remote', limit: 9 })).toEqual([]);
  });

  it('never shows one learner the progress of another', async () => {
    const store = await open(await make());
    await store.recordChecks({ learner: 'l_a', exercise: 'x', results: results([['t', 'pass']]) });
    expect(await store.progress({ learner: 'l_b' })).toEqual([]);
    expect(await store.history({ learner: 'l_b' })).toEqual([]);
  });

  it('keeps a bounded record of what a lab printed: the newest 50 runs per exercise, each check\'s output and message cut', async () => {
    // A learner is root in the lab: every check may print 64 KiB (its output's cap), 30 runs a
    // minute, for ever; the record of each used to be kept whole and for good.
    const store = await open(await make());
    const loud = (i: number): Results => ({
      version: 3,
      status: 'fail',
      message: 'm'.repeat(70_000),
      tests: [{ name: 'c', task_id: 't', host: 'h', status: 'fail', message: `${'f'.repeat(70_000)} ${i}`, output: `${'x'.repeat(70_000)} end ${i}`, duration_ms: 1 }],
    });
    for (let i = 0; i < 60; i++) await store.recordChecks({ learner: 'l_loud', exercise: 'x', task: 't', results: loud(i) });
    await store.recordChecks({ learner: 'l_loud', exercise: 'y', task: 't', results: results([['t', 'pass']]) });
    const history = await store.history({ learner: 'l_loud', exercise: 'x', limit: 1000 });
    expect(history).toHaveLength(50);
    const newest = history[0]!.results;
    expect(newest.tests[0]!.output.length).toBeLessThanOrEqual(KEPT_OUTPUT_CHARS + 40);
    expect(newest.tests[0]!.output.endsWith('end 59')).toBe(true); // the tail: where a check says what went wrong
    expect(newest.tests[0]!.message.length).toBeLessThanOrEqual(KEPT_MESSAGE_CHARS + 40);
    expect(newest.message.length).toBeLessThanOrEqual(KEPT_MESSAGE_CHARS + 40);
    expect(history.at(-1)!.results.tests[0]!.output.endsWith('end 10')).toBe(true);
    // Another exercise's runs and the progress (every attempt counted) are untouched.
    expect(await store.history({ learner: 'l_loud', exercise: 'y' })).toHaveLength(1);
    expect((await store.progress({ learner: 'l_loud', exercise: 'x' }))[0]!.attempts).toBe(60);
  });

  it('serializes concurrent writers without losing a record', async () => {
    const store = await open(await make());
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.recordChecks({ learner: `l_${i % 4}`, exercise: 'x', task: 't', results: results([['t', i % 3 ? 'fail' : 'pass']]) })));
    const attempts = await Promise.all([0, 1, 2, 3].map(async (i) => (await store.progress({ learner: `l_${i}` }))[0]!.attempts));
    expect(attempts).toEqual([10, 10, 10, 10]);
  });
});
