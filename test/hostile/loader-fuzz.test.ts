// Broken curriculum files: every one gets a file:line:col problem; none crashes or hangs the loader.
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { makeCourse } from '../helpers/curriculum.js';

const aliasBomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => {
  const p = 'abcdefghi'[i]!;
  return `${c}: &${c} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`;
})].join('\n');

const CORPUS: [string, string][] = [
  ['alias bomb', aliasBomb],
  ['deep nesting', `id: web-lab\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
  ['deep block nesting', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n'],
  ['huge file', `id: web-lab\ntitle: x\nsummary: ${'y'.repeat(2 * 1024 * 1024)}\n`],
  ['binary bytes', 'id: web-lab\n\u0000\u0001\u0002\n'],
  ['invalid UTF-8 as latin1', Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).toString('latin1')],
  ['tabs for indentation', 'id: web-lab\ntasks:\n\t- id: x\n'],
  ['a bare scalar', 'just a string\n'],
  ['a list at the top', '- a\n- b\n'],
  ['duplicate keys', 'id: web-lab\nid: again\ntitle: x\nsummary: y\ntasks: []\n'],
  ['an unknown tag', 'id: !!binary aGVsbG8=\n'],
  ['a custom tag', 'id: !evil x\n'],
  ['merge keys', 'base: &b {title: x}\n<<: *b\nid: web-lab\n'],
  ['empty document', ''],
  ['only a comment', '# nothing\n'],
  ['many documents', 'id: a\n---\nid: b\n---\nid: c\n'],
  ['huge number', 'id: web-lab\nminutes: 1e999999\n'],
  ['negative offset', 'id: web-lab\ntitle: x\nsummary: y\nlab:\n  networks: [{name: lan}]\n  hosts: [{name: h, networks: {lan: -5}}]\ntasks: [{id: t, title: t, text: t, checks: [{name: c, host: h, script: scripts/check.sh}]}]\n'],
  ['script path traversal', 'id: web-lab\ntitle: x\nsummary: y\nlab:\n  networks: [{name: lan}]\n  hosts: [{name: h, networks: {lan: 5}}]\ntasks: [{id: t, title: t, text: t, checks: [{name: c, host: h, script: ../../../etc/passwd.sh}]}]\n'],
  ['absolute script path', 'id: web-lab\ntitle: x\nsummary: y\nlab:\n  networks: [{name: lan}]\n  hosts: [{name: h, networks: {lan: 5}}]\ntasks: [{id: t, title: t, text: t, checks: [{name: c, host: h, script: /etc/shadow.sh}]}]\n'],
  ['evil regex', 'id: web-lab\ntitle: x\nsummary: y\ntasks: [{id: t, title: t, text: t, quiz: {question: q, explanation: e, answers: [{regex: "(a+"}]}}]\n'],
];

describe('curriculum loader fuzz', () => {
  it.each(CORPUS)('%s: a positioned problem, quickly, no crash', (_name, text) => {
    const dir = makeCourse({ 'web-lab/exercise.yaml': text });
    const t0 = Date.now();
    const { problems } = loadCurriculum(dir);
    expect(Date.now() - t0).toBeLessThan(5000);
    const mine = problems.filter((p) => p.file.endsWith('web-lab/exercise.yaml'));
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
  });
});
