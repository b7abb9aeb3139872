// Code blocks that name a lab host (```sh @director): how the info string is read (shared by the web
// app's Run button and `opslab validate`), what a console block gives a terminal, and validate
// reporting a host the exercise's lab does not have at the mark's file:line:col: in a lesson, in a
// task text written as a block scalar, in a hint.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCurriculum } from '../../server/curriculum/index.js';
import { findFences } from '../../server/curriculum/fences.js';
import { parseFenceInfo, readBlock } from '../../shared/code-fence.js';
import { makeCourse } from '../helpers/curriculum.js';

describe('parseFenceInfo', () => {
  it('reads the language and the host mark in either order', () => {
    expect(parseFenceInfo('sh @director')).toEqual({ lang: 'sh', host: 'director', badMark: undefined, shell: true });
    expect(parseFenceInfo('@rs1 bash')).toMatchObject({ lang: 'bash', host: 'rs1', shell: true });
    expect(parseFenceInfo('@client')).toMatchObject({ lang: '', host: 'client', shell: true });
    expect(parseFenceInfo(undefined)).toMatchObject({ lang: '', host: undefined, shell: true });
  });

  it('tells shell blocks from others', () => {
    for (const lang of ['sh', 'bash', 'shell', 'console', 'Console']) expect(parseFenceInfo(lang).shell, lang).toBe(true);
    for (const lang of ['ini', 'nginx', 'yaml', 'text', 'python']) expect(parseFenceInfo(lang).shell, lang).toBe(false);
  });

  it('keeps a mark that is no host name as a slip', () => {
    expect(parseFenceInfo('sh @Director')).toMatchObject({ host: undefined, badMark: '@Director' });
    expect(parseFenceInfo('sh @')).toMatchObject({ host: undefined, badMark: '@' });
    expect(parseFenceInfo('sh @a @b')).toMatchObject({ host: 'a', badMark: '@b' });
  });
});

describe('readBlock', () => {
  const read = (text: string, info: string) => readBlock(text, parseFenceInfo(info));

  it('runs a script as written', () => {
    expect(read('# a comment\necho $HOME\n\n', 'sh')).toEqual({ text: '# a comment\necho $HOME', runnable: true, promptHosts: [] });
  });

  it('takes the commands of a console block without prompts or output, continuation lines kept', () => {
    const block = '$ ipvsadm -Ln\nIP Virtual Server version 1.2.1\n# ip addr add 10.0.0.100/32 dev lo\n$ curl -s \\\n>   http://10.0.0.100/\nhello\n';
    expect(read(block, 'console')).toEqual({ text: 'ipvsadm -Ln\nip addr add 10.0.0.100/32 dev lo\ncurl -s \\\n  http://10.0.0.100/', runnable: true, promptHosts: [] });
    expect(read('ipvsadm -Ln\n', 'console')).toMatchObject({ text: 'ipvsadm -Ln', runnable: true });
  });

  it('reads a block without a language as a transcript whose prompts may name hosts; bare # lines are then comments', () => {
    const block = 'director# ipvsadm -Ln\nTCP  10.0.0.100:80 rr\n# the counters:\nroot@director:~# ipvsadm -Ln --stats\n';
    expect(read(block, '')).toEqual({ text: 'ipvsadm -Ln\nipvsadm -Ln --stats', runnable: true, promptHosts: ['director'] });
    expect(read('rs1# ip route\nclient$ curl -s vip\n', '').promptHosts).toEqual(['rs1', 'client']);
    const loop = 'client# for i in 1 2; do\n>   curl -s http://vip/\n> done\nrs1\nrs2\n> not a continuation after output\n';
    expect(read(loop, '')).toMatchObject({ text: 'for i in 1 2; do\n  curl -s http://vip/\ndone', promptHosts: ['client'] });
  });

  it('reads a bare # as a comment outside a console block: a config file is no transcript', () => {
    expect(read('global_defs {\n  # the router id\n  router_id lb1\n}\n', '')).toMatchObject({ runnable: false });
    expect(read('# ip addr add 10.0.0.100/32 dev lo\n', 'console')).toMatchObject({ runnable: true, text: 'ip addr add 10.0.0.100/32 dev lo' });
    expect(read('$ ls\n# not run: a comment\n', '')).toMatchObject({ runnable: true, text: 'ls' });
  });

  it('does not run a block without a language and without prompts (a diagram) unless its fence names a host', () => {
    const diagram = ' client ---> director ---> rs1\n   $HOME is not a prompt here\n';
    expect(read(diagram, '')).toMatchObject({ runnable: false, text: diagram.trimEnd() });
    expect(read('ipvsadm -Ln\n', '@director')).toMatchObject({ runnable: true, text: 'ipvsadm -Ln' });
  });

  it('never runs other languages, and copies them as written', () => {
    expect(read('[lab]\n# director = 10.0.0.2\n', 'ini')).toEqual({ text: '[lab]\n# director = 10.0.0.2', runnable: false, promptHosts: [] });
  });
});

describe('findFences', () => {
  it('finds opening fences with their line and the column of the mark, not closing ones or fences inside blocks', () => {
    const text = ['# T', '', '```sh @web', 'echo', '```', '', '~~~~', '```sh @inside', '~~~~', '  ```console @client', '  $ ls', '  ```'].join('\n');
    expect(findFences(text).map((f) => [f.line, f.col, f.info.lang, f.info.host])).toEqual([
      [3, 7, 'sh', 'web'],
      [7, 1, '', undefined],
      [10, 14, 'console', 'client'],
    ]);
  });
});

/** The good course with `web-lab` given this lesson and exercise.yaml tail; its problems relative to the course. */
function problems(files: Record<string, string>): string[] {
  const dir = makeCourse(files);
  return loadCurriculum(dir).problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) }));
}

const EXERCISE = (task: string) => `id: web-lab
title: A web server
summary: Serve a page.
lab:
  networks:
    - name: lan
  hosts:
    - name: client
      networks: { lan: 10 }
    - name: web
      networks: { lan: 20 }
tasks:
  - id: serve
    title: Serve the page
${task}    checks:
      - name: the page answers
        host: client
        script: scripts/check.sh
    solve:
      - host: web
        script: scripts/solve.sh
`;

describe('opslab validate and host marks', () => {
  it('accepts blocks for the lab hosts, unmarked blocks and other languages', () => {
    const lesson = '# Web\n\n```sh @web\nnginx\n```\n\n```console @client\n$ curl web\n```\n\n```\nls\n```\n\n```nginx\nserver {}\n```\n';
    const task = '    text: |\n      On the client:\n\n      ```sh @client\n      curl {{ip.web}}\n      ```\n';
    expect(problems({ 'web-lab/lesson.md': lesson, 'web-lab/exercise.yaml': EXERCISE(task) })).toEqual([]);
  });

  it('reports a host the lab does not have at the mark in the lesson', () => {
    const lesson = '# Web\n\nThen:\n\n```sh @director\nipvsadm -Ln\n```\n\n  ```bash  @wbe\n  nginx\n  ```\n';
    expect(problems({ 'web-lab/lesson.md': lesson, 'web-lab/exercise.yaml': EXERCISE('    text: Serve it.\n') })).toEqual([
      "web-lab/lesson.md:5:7: code block for host 'director', which is not in the lab topology (hosts: client, web)",
      "web-lab/lesson.md:9:12: code block for host 'wbe', which is not in the lab topology (did you mean 'web'?)",
    ]);
  });

  it('reports it at its own line in a task text block scalar, and at the value in a hint', () => {
    const task = '    text: |\n      First:\n\n      ```sh @clinet\n      curl web\n      ```\n    hints:\n      - "Look: ```sh @web\\nls\\n``` no"\n      - "```\\n```sh @nope\\n"\n';
    expect(problems({ 'web-lab/exercise.yaml': EXERCISE(task) })).toEqual([
      "web-lab/exercise.yaml:18:13: code block for host 'clinet', which is not in the lab topology (did you mean 'client'?)",
    ]);
  });

  it('reports a mark that contradicts the prompts of the block', () => {
    const lesson = '# Web\n\n```console @web\nweb# nginx\nclient# curl web\n```\n\n```@web\nweb# nginx -t\n```\n';
    expect(problems({ 'web-lab/lesson.md': lesson })).toEqual([
      "web-lab/lesson.md:3:12: code block for host 'web' has prompts of 'client': Run types every command into web's terminal; split the block per host",
    ]);
  });

  it('reports a slip in the mark, a mark on a block that is not run, and a mark in an exercise without a lab', () => {
    const lesson = '# Web\n\n```sh @Web\nls\n```\n\n```ini @web\n[x]\n```\n';
    expect(problems({ 'web-lab/lesson.md': lesson })).toEqual([
      "web-lab/lesson.md:3:7: '@Web' is not a host mark: write @ and a host name as the topology spells it (```sh @director)",
      "web-lab/lesson.md:7:8: code block for host 'web' is 'ini', which is not run: only sh, bash, shell, console or no language can be",
    ]);
    expect(problems({ 'quiz-ex/lesson.md': '# Q\n\n```sh @web\nls\n```\n' })).toEqual(["quiz-ex/lesson.md:3:7: code block for host 'web', but the exercise has no lab"]);
  });
});
