// Rules that a schema cannot express: references between parts, uniqueness, cycles, addresses.
import path from 'node:path';
import { checkDrill } from './drill.js';
import { fenceHostProblem, findFences } from './fences.js';
import { compilePattern } from './pattern.js';
import { findPlaceholders, placeholderNames } from './placeholders.js';
import type { ExerciseSpec, Roadmap } from './schema.js';
import { didYouMean, type PathPart, type Problem, type YamlFile } from './yaml.js';

export function checkRoadmap(props: { file: YamlFile; roadmap: Roadmap; exerciseIds: Set<string>; brokenIds: Set<string> }): Problem[] {
  const { file, roadmap, exerciseIds, brokenIds } = props;
  const problems: Problem[] = [];
  const seenStage = new Map<string, PathPart[]>();
  const modules = new Map<string, { path: PathPart[]; prerequisites: string[] }>();
  const listed = new Map<string, PathPart[]>();
  const preludes = new Map<string, PathPart[]>();

  // The same file twice is a slip (another file was meant): say so where it stands the second time.
  roadmap.prelude.forEach((p, i) => {
    duplicate({ file, seen: preludes, key: path.posix.normalize(p), at: ['prelude', i], what: 'prelude file', problems, verb: 'is listed twice' });
  });

  roadmap.stages.forEach((stage, si) => {
    const sp: PathPart[] = ['stages', si];
    duplicate({ file, seen: seenStage, key: stage.id, at: [...sp, 'id'], what: 'stage id', problems });
    stage.modules.forEach((mod, mi) => {
      const mp: PathPart[] = [...sp, 'modules', mi];
      if (modules.has(mod.id)) problems.push(file.problem([...mp, 'id'], `duplicate module id '${mod.id}' (first at ${where(file, modules.get(mod.id)!.path)})`));
      else modules.set(mod.id, { path: [...mp, 'id'], prerequisites: mod.prerequisites });
      mod.exercises.forEach((exId, ei) => {
        const at: PathPart[] = [...mp, 'exercises', ei];
        if (!exerciseIds.has(exId) && !brokenIds.has(exId)) {
          const guess = didYouMean(exId, [...exerciseIds]);
          problems.push(file.problem(at, `exercise '${exId}' not found (no ${exId}/exercise.yaml next to roadmap.yaml)${guess ? ` (did you mean '${guess}'?)` : ''}`));
        }
        duplicate({ file, seen: listed, key: exId, at, what: 'exercise', problems, verb: 'is listed twice' });
      });
    });
  });

  roadmap.stages.forEach((stage, si) => {
    stage.modules.forEach((mod, mi) => {
      mod.prerequisites.forEach((pre, pi) => {
        if (!modules.has(pre)) {
          const guess = didYouMean(pre, [...modules.keys()]);
          problems.push(file.problem(['stages', si, 'modules', mi, 'prerequisites', pi], `prerequisite '${pre}' is not a module${guess ? ` (did you mean '${guess}'?)` : ''}`));
        }
      });
    });
  });
  for (const cycle of findCycles(modules)) {
    const first = modules.get(cycle[0]!)!;
    problems.push(file.problem(first.path, `prerequisite cycle: ${[...cycle, cycle[0]].join(' → ')}`));
  }
  return problems;
}

function findCycles(modules: Map<string, { prerequisites: string[] }>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      cycles.push(stack.slice(stack.indexOf(id)));
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const pre of modules.get(id)?.prerequisites ?? []) if (modules.has(pre)) visit(pre);
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of modules.keys()) visit(id);
  return cycles;
}

export function checkExercise(props: { file: YamlFile; spec: ExerciseSpec; lessonText?: string; lessonFile: string }): Problem[] {
  const { file, spec, lessonText, lessonFile } = props;
  const problems: Problem[] = [];
  const lab = spec.lab;
  const hosts = new Set(lab?.hosts.map((h) => h.name) ?? []);
  const hostRef = (name: string, at: PathPart[]) => {
    if (hosts.has(name)) return;
    const guess = didYouMean(name, [...hosts]);
    problems.push(file.problem(at, lab ? `host '${name}' is not in the lab topology${guess ? ` (did you mean '${guess}'?)` : ` (hosts: ${[...hosts].join(', ')})`}` : `host '${name}' named, but the exercise has no lab`));
  };
  const stepHosts = (host: string | string[], at: PathPart[]) => {
    if (!Array.isArray(host)) hostRef(host, at);
    else host.forEach((h, i) => {
      hostRef(h, [...at, i]);
    });
  };

  if (lab) checkTopology({ file, lab, problems });
  lab?.setup.forEach((s, i) => {
    stepHosts(s.host, ['lab', 'setup', i, 'host']);
  });

  const taskIds = new Map<string, PathPart[]>();
  const names = placeholderNames(lab);
  spec.tasks.forEach((task, ti) => {
    const tp: PathPart[] = ['tasks', ti];
    duplicate({ file, seen: taskIds, key: task.id, at: [...tp, 'id'], what: 'task id', problems });
    if (task.checks && task.quiz) problems.push(file.problem(tp, `task '${task.id}' has both checks and a quiz: give it one or the other`));
    if (!task.checks && !task.quiz) problems.push(file.problem(tp, `task '${task.id}' has neither checks nor a quiz`));
    if (task.checks && !lab) problems.push(file.problem([...tp, 'checks'], `task '${task.id}' has checks but the exercise has no lab`));
    const checkNames = new Map<string, PathPart[]>();
    task.checks?.forEach((c, ci) => {
      hostRef(c.host, [...tp, 'checks', ci, 'host']);
      duplicate({ file, seen: checkNames, key: c.name, at: [...tp, 'checks', ci, 'name'], what: 'check name', problems });
    });
    task.solve.forEach((s, si) => {
      stepHosts(s.host, [...tp, 'solve', si, 'host']);
    });
    if (task.quiz) checkQuiz({ file, quiz: task.quiz, at: [...tp, 'quiz'], problems });
    if (task.faults) checkDrill({ file, lab, task: { id: task.id, faults: task.faults, checks: task.checks }, at: tp, problems });
    for (const ph of findPlaceholders(task.text)) {
      if (!names.has(ph.name)) problems.push(file.problem([...tp, 'text'], `unknown placeholder {{${ph.name}}}${known(names)}`));
    }
    // Code blocks that name a host, wherever the learner reads Markdown with a Run button.
    const markdown: [PathPart[], string][] = [[[...tp, 'text'], task.text], ...task.hints.map((h, hi): [PathPart[], string] => [[...tp, 'hints', hi], h])];
    if (task.quiz) markdown.push([[...tp, 'quiz', 'question'], task.quiz.question], [[...tp, 'quiz', 'explanation'], task.quiz.explanation]);
    for (const [at, text] of markdown) {
      for (const fence of findFences(text)) {
        const message = fenceHostProblem(fence, lab && hosts);
        if (message) problems.push(file.problemInText(at, fence, message));
      }
    }
  });
  for (const ph of findPlaceholders(lessonText ?? '')) {
    if (!names.has(ph.name)) problems.push({ file: lessonFile, line: ph.line, col: ph.col, message: `unknown placeholder {{${ph.name}}}${known(names)}` });
  }
  for (const fence of findFences(lessonText ?? '')) {
    const message = fenceHostProblem(fence, lab && hosts);
    if (message) problems.push({ file: lessonFile, line: fence.line, col: fence.col, message });
  }
  return problems;
}

function known(names: Set<string>): string {
  const literal = '; for literal braces (Jinja) write {{ name }} with spaces';
  return (names.size ? ` (known: ${[...names].sort().join(', ')})` : ' (the exercise has no lab)') + literal;
}

function checkTopology(props: { file: YamlFile; lab: NonNullable<ExerciseSpec['lab']>; problems: Problem[] }): void {
  const { file, lab, problems } = props;
  const nets = new Map<string, { prefix: number; used: Map<number, string> }>();
  const netSeen = new Map<string, PathPart[]>();
  lab.networks.forEach((n, i) => {
    if (duplicate({ file, seen: netSeen, key: n.name, at: ['lab', 'networks', i, 'name'], what: 'network name', problems })) return;
    nets.set(n.name, { prefix: n.prefix, used: new Map() });
  });
  const useOffset = (props: { net: string; offset: number; owner: string; at: PathPart[] }) => {
    const net = nets.get(props.net);
    if (!net) {
      const guess = didYouMean(props.net, [...nets.keys()]);
      problems.push(file.problem(props.at, `network '${props.net}' is not in lab.networks${guess ? ` (did you mean '${guess}'?)` : ''}`, { key: true }));
      return;
    }
    const size = 2 ** (32 - net.prefix);
    if (props.offset < 2 || props.offset > size - 2) {
      const why = props.offset === 1 ? ' (.1 is the network gateway)' : '';
      problems.push(file.problem(props.at, `offset ${props.offset} is outside the usable range 2-${size - 2} of a /${net.prefix}${why}`));
      return;
    }
    const other = net.used.get(props.offset);
    if (other) problems.push(file.problem(props.at, `offset ${props.offset} on '${props.net}' is used twice (${other} and ${props.owner})`));
    else net.used.set(props.offset, props.owner);
  };
  const hostSeen = new Map<string, PathPart[]>();
  lab.hosts.forEach((h, hi) => {
    duplicate({ file, seen: hostSeen, key: h.name, at: ['lab', 'hosts', hi, 'name'], what: 'host name', problems });
    for (const [net, offset] of Object.entries(h.networks)) {
      useOffset({ net, offset, owner: `host ${h.name}`, at: ['lab', 'hosts', hi, 'networks', net] });
    }
  });
  for (const [name, addr] of Object.entries(lab.addresses)) {
    useOffset({ net: addr.network, offset: addr.offset, owner: `address ${name}`, at: ['lab', 'addresses', name, 'offset'] });
  }
}

function checkQuiz(props: { file: YamlFile; quiz: NonNullable<ExerciseSpec['tasks'][number]['quiz']>; at: PathPart[]; problems: Problem[] }): void {
  const { file, quiz, at, problems } = props;
  quiz.answers.forEach((a, ai) => {
    if ('regex' in a) {
      const pattern = (source: string, where: PathPart[]) => {
        const r = compilePattern(source, a.flags);
        if (!r.ok) problems.push(file.problem(where, r.message));
      };
      pattern(a.regex, [...at, 'answers', ai, 'regex']);
      a.unless?.forEach((u, ui) => {
        pattern(u, [...at, 'answers', ai, 'unless', ui]);
      });
    }
    if (quiz.choices && !('choice' in a)) {
      problems.push(file.problem([...at, 'answers', ai], "a quiz with choices is answered by a choice's id (- choice: a), whatever the language the learner reads it in"));
    }
    if ('choice' in a && !quiz.choices) {
      problems.push(file.problem([...at, 'answers', ai, 'choice'], 'this quiz has no choices: give the answer as exact, regex or number, or list the choices'));
    } else if ('choice' in a && !quiz.choices!.some((c) => c.id === a.choice)) {
      const guess = didYouMean(a.choice, quiz.choices!.map((c) => c.id));
      problems.push(file.problem([...at, 'answers', ai, 'choice'], `no choice has the id '${a.choice}'${guess ? ` (did you mean '${guess}'?)` : ''}`));
    }
  });
  const seen = new Map<string, PathPart[]>();
  quiz.choices?.forEach((c, ci) => {
    duplicate({ file, seen, key: c.id, at: [...at, 'choices', ci, 'id'], what: 'choice id', problems });
  });
}

function duplicate(props: {
  file: YamlFile;
  seen: Map<string, PathPart[]>;
  key: string;
  at: PathPart[];
  what: string;
  problems: Problem[];
  verb?: string;
}): boolean {
  const first = props.seen.get(props.key);
  if (first) {
    const msg = props.verb ? `${props.what} '${props.key}' ${props.verb}` : `duplicate ${props.what} '${props.key}'`;
    props.problems.push(props.file.problem(props.at, `${msg} (first at ${where(props.file, first)})`));
    return true;
  }
  props.seen.set(props.key, props.at);
  return false;
}

function where(file: YamlFile, at: PathPart[]): string {
  const p = file.position(at);
  return `${p.line}:${p.col}`;
}
