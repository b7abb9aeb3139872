// Code blocks that name a lab host (```sh @director): how the info string is read (shared by the web
// app's Run button and `opslab validate`), what a console block gives a terminal, and validate
// reporting a host the exercise's lab does not have at the mark's file:line:col: in a lesson, in a
// task text written as a block scalar, in a hint.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCurriculum } from '../../server/curriculum/index.js';
import { findFences } from '../../server/curriculum/fences.js';
import { commandsOf, parseFenceInfo } from '../../shared/code-fence.js';
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

describe('commandsOf', () => {
  it('takes the commands of a console block without prompts or output', () => {
    const block = '$ ipvsadm -Ln\nIP Virtual Server version 1.2.1\n# ip addr add 10.0.0.100/32 dev lo\n$ curl -s \\\n>   http://10.0.0.100/\nhello\n';
    expect(commandsOf(block, 'console')).toBe('ipvsadm -Ln\nip addr add 10.0.0.100/32 dev lo\ncurl -s \\\n  http://10.0.0.100/');
  });

  it('takes a console block without prompts, and any other block, as written', () => {
    expect(commandsOf('ipvsadm -Ln\n', 'console')).toBe('ipvsadm -Ln');
    expect(commandsOf('# a comment\necho $HOME\n\n', 'sh')).toBe('# a comment\necho $HOME');
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

  it('reports a slip in the mark, a mark on a block that is not run, and a mark in an exercise without a lab', () => {
    const lesson = '# Web\n\n```sh @Web\nls\n```\n\n```ini @web\n[x]\n```\n';
    expect(problems({ 'web-lab/lesson.md': lesson })).toEqual([
      "web-lab/lesson.md:3:7: '@Web' is not a host mark: write @ and a host name as the topology spells it (```sh @director)",
      "web-lab/lesson.md:7:8: code block for host 'web' is 'ini', which is not run: only sh, bash, shell, console or no language can be",
    ]);
    expect(problems({ 'quiz-ex/lesson.md': '# Q\n\n```sh @web\nls\n```\n' })).toEqual(["quiz-ex/lesson.md:3:7: code block for host 'web', but the exercise has no lab"]);
  });
});
