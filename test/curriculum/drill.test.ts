// A task's drill in exercise.yaml (`faults:`): every one-key form is accepted and becomes a
// FaultStep on the task; every mistake is reported at its file:line:col.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, jsonSchemas, loadCurriculum } from '../../server/curriculum/index.js';
import { checksOf } from '../../server/exercise-lab.js';
import { makeCourse } from '../helpers/curriculum.js';

/** web-lab's exercise.yaml with two networks, and `task` (YAML lines at task level, indented 4) as its only task. */
function webLab(task: string, opts: { lab?: boolean } = {}): string {
  const lab = `lab:
  networks:
    - name: lan
    - name: back
  hosts:
    - name: client
      networks: { lan: 10 }
    - name: web
      networks: { lan: 20, back: 20 }
`;
  return `id: web-lab
title: A web server
summary: Serve a page.
${opts.lab === false ? '' : lab}tasks:
  - id: serve
    title: Serve the page
    text: Serve it.
${task}`;
}

const CHECKS = `    checks:
      - name: the page answers
        host: client
        script: scripts/check.sh
`;

function load(yaml: string) {
  const dir = makeCourse({ 'web-lab/exercise.yaml': yaml });
  const { curriculum, problems } = loadCurriculum(dir);
  return { ex: curriculum.exercises.get('web-lab'), problems: problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) })) };
}

describe("a task's drill (faults:)", () => {
  it('accepts every form and gives the task its steps in order, as FaultSteps', () => {
    const { ex, problems } = load(
      webLab(`${CHECKS}    faults:
      - stop: web
      - start: web
      - cut: { host: web, network: back }
      - heal: { host: web, network: back }
      - netem: { host: web, network: lan, delayMs: 200, jitterMs: 20, lossPct: 2.5, rateKbit: 512 }
      - netem: { host: client, network: lan, lossPct: 100 }
      - clear: { host: web, network: lan }
      - wait: 1.5
`),
    );
    expect(problems).toEqual([]);
    expect(ex!.tasks[0]!.faults).toEqual([
      { action: 'stop', host: 'web' },
      { action: 'start', host: 'web' },
      { action: 'cut', host: 'web', network: 'back' },
      { action: 'heal', host: 'web', network: 'back' },
      { action: 'netem', host: 'web', network: 'lan', netem: { delayMs: 200, jitterMs: 20, lossPct: 2.5, rateKbit: 512 } },
      { action: 'netem', host: 'client', network: 'lan', netem: { lossPct: 100 } },
      { action: 'clear', host: 'web', network: 'lan' },
      { action: 'wait', seconds: 1.5 },
    ]);
  });

  it("puts the task's drill on each of its checks, and none on the checks of a task without one", () => {
    const { ex, problems } = load(
      webLab(`${CHECKS}      - name: the page still answers
        host: client
        script: scripts/check.sh
    faults: [{ stop: web }, { wait: 2 }]
  - id: plain
    title: No drill
    text: Nothing happens.
${CHECKS}`),
    );
    expect(problems).toEqual([]);
    const drill = [{ action: 'stop', host: 'web' }, { action: 'wait', seconds: 2 }];
    expect(checksOf(ex!).map((c) => [c.taskId, c.name, c.faults])).toEqual([
      ['serve', 'the page answers', drill],
      ['serve', 'the page still answers', drill],
      ['plain', 'the page answers', undefined],
    ]);
  });

  const bad: [string, string, string[]][] = [
    ['a host the lab does not have', '[{ stop: wbe }]', ["web-lab/exercise.yaml:21:22: host 'wbe' is not in the lab topology (did you mean 'web'?)"]],
    ['a network the lab does not have', '[{ cut: { host: web, network: bakc } }]', ["web-lab/exercise.yaml:21:43: network 'bakc' is not in lab.networks (did you mean 'back'?)"]],
    [
      'a network the host is not on',
      '[{ netem: { host: client, network: back, delayMs: 100 } }]',
      ["web-lab/exercise.yaml:21:48: host 'client' is not on network 'back' (its networks: lan), so it has no link there to netem"],
    ],
    ['a host that is not a name', '[{ stop: 3 }]', ['web-lab/exercise.yaml:21:22: tasks.0.faults.0.stop: expected string, got number 3']],
    ['two actions in one step', '[{ stop: web, wait: 3 }]', ['web-lab/exercise.yaml:21:14: tasks.0.faults.0: one action per step (this one has stop and wait): make it 2 items of the list']],
    [
      'an unknown action',
      '[{ kill: web }]',
      [
        'web-lab/exercise.yaml:21:14: tasks.0.faults.0: a drill step is one of stop, start, cut, heal, netem, clear, wait (e.g. `- stop: lb1`)',
        "web-lab/exercise.yaml:21:16: tasks.0.faults.0: unknown key 'kill' (known keys: stop, start, cut, heal, netem, clear, wait)",
      ],
    ],
    [
      'a misspelt action',
      '[{ stpo: web }]',
      [
        'web-lab/exercise.yaml:21:14: tasks.0.faults.0: a drill step is one of stop, start, cut, heal, netem, clear, wait (e.g. `- stop: lb1`)',
        "web-lab/exercise.yaml:21:16: tasks.0.faults.0: unknown key 'stpo' (did you mean 'stop'?)",
      ],
    ],
    ['a link without its network', '[{ cut: { host: web } }]', ["web-lab/exercise.yaml:21:21: tasks.0.faults.0.cut: missing required key 'network'"]],
    ['a wait of 0', '[{ wait: 0 }]', ['web-lab/exercise.yaml:21:22: tasks.0.faults.0.wait: Too small: expected number to be >0']],
    ['a wait over a minute', '[{ wait: 61 }]', ['web-lab/exercise.yaml:21:22: tasks.0.faults.0.wait: Too big: expected number to be <=60']],
    ['netem that does nothing', '[{ netem: { host: web, network: lan } }]', ['web-lab/exercise.yaml:21:23: tasks.0.faults.0.netem: netem needs at least one of delayMs, jitterMs, lossPct, rateKbit']],
    ['a delay over 10 s', '[{ netem: { host: web, network: lan, delayMs: 20000 } }]', ['web-lab/exercise.yaml:21:59: tasks.0.faults.0.netem.delayMs: Too big: expected number to be <=10000']],
    ['jitter without a delay', '[{ netem: { host: web, network: lan, jitterMs: 5 } }]', ['web-lab/exercise.yaml:21:60: tasks.0.faults.0.netem.jitterMs: jitterMs varies a delay: give delayMs too']],
    ['a rate under 8 kbit/s', '[{ netem: { host: web, network: lan, rateKbit: 4 } }]', ['web-lab/exercise.yaml:21:60: tasks.0.faults.0.netem.rateKbit: Too small: expected number to be >=8']],
    ['loss over 100%', '[{ netem: { host: web, network: lan, lossPct: 101 } }]', ['web-lab/exercise.yaml:21:59: tasks.0.faults.0.netem.lossPct: Too big: expected number to be <=100']],
    ['an empty drill', '[]', ['web-lab/exercise.yaml:21:13: tasks.0.faults: Too small: expected array to have >=1 items']],
  ];
  it.each(bad)('refuses %s at its line and column', (_what, faults, expected) => {
    expect(load(webLab(`${CHECKS}    faults: ${faults}\n`)).problems).toEqual(expected);
  });

  it('refuses a drill on a task without checks (a quiz), where nothing would run after it', () => {
    const quiz = `    quiz:
      question: Which port?
      answers: [{ number: 80 }]
      explanation: HTTP.
    faults: [{ stop: web }]
`;
    expect(load(webLab(quiz)).problems).toEqual(["web-lab/exercise.yaml:21:5: task 'serve' has faults but no checks: a drill runs before a task's checks and is undone after them"]);
  });

  it('refuses a drill in an exercise without a lab', () => {
    const quiz = `    quiz:
      question: Which port?
      answers: [{ number: 80 }]
      explanation: HTTP.
    faults: [{ stop: web }]
`;
    expect(load(webLab(quiz, { lab: false })).problems).toEqual(["web-lab/exercise.yaml:12:5: task 'serve' has faults but the exercise has no lab to apply them to"]);
  });

  it('refuses a check on a host the drill leaves powered off, and accepts it once the drill starts the host again', () => {
    const onWeb = CHECKS.replace('host: client', 'host: web');
    expect(load(webLab(`${onWeb}    faults: [{ stop: web }, { wait: 1 }]\n`)).problems).toEqual([
      "web-lab/exercise.yaml:19:15: this check runs on web, which the task's drill powers off (stop: web at 21:22): run it on another host, or start web again in the drill",
    ]);
    expect(load(webLab(`${onWeb}    faults: [{ stop: web }, { wait: 1 }, { start: web }]\n`)).problems).toEqual([]);
  });

  it('gives editors the forms, with descriptions and one key per step', () => {
    const schema = JSON.parse(jsonSchemas().exercise);
    const faults = schema.properties.tasks.items.properties.faults;
    expect(faults.description).toMatch(/before this task's checks/);
    expect(faults.items.minProperties).toBe(1);
    expect(faults.items.maxProperties).toBe(1);
    expect(faults.items.additionalProperties).toBe(false);
    expect(Object.keys(faults.items.properties)).toEqual(['stop', 'start', 'cut', 'heal', 'netem', 'clear', 'wait']);
    for (const p of Object.values(faults.items.properties) as { description?: string }[]) expect(p.description).toBeTruthy();
    expect(faults.items.properties.netem.properties.delayMs).toMatchObject({ minimum: 0, maximum: 10000 });
  });
});
