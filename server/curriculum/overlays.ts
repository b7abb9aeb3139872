// Exercise translations: exercise.<locale>.yaml and the lesson overlay (lesson.<locale>.md) beside
// the English. What a translation names must exist in the English (task ids, choice ids, hint and
// check indexes) and it may not bring placeholders the English does not use; each English text
// becomes a translation unit (missing, stale, coverage).
import path from 'node:path';
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';
import type { CourseFolder } from './content.js';
import { compilePattern } from './pattern.js';
import { findPlaceholders } from './placeholders.js';
import { readOptionalText, readOptionalYaml, rel } from './read-yaml.js';
import type { ExerciseSpec, QuizSpec } from './schema.js';
import type { ExerciseTranslation, TaskTranslation } from './translations.js';
import { exerciseTranslationSchema, type ExerciseTranslationSpec } from './translation-schema.js';
import { splitMarkdownStamp, stampHash, type TranslationLocale, type TranslationUnit } from './units.js';
import { someOf, validateYaml, type PathPart, type Problem, type YamlFile } from './yaml.js';

/** `lesson.md` → `lesson.zh-CN.md`: where a Markdown file's translation is. */
export function markdownOverlayName(name: string, locale: string): string {
  return name.replace(/\.md$/, `.${locale}.md`);
}

/** A quiz's choices with their ids, and where each text stands in exercise.yaml (below the quiz). */
export function quizChoices(quiz: QuizSpec): { id: string; text: string; at: PathPart[] }[] {
  return (quiz.choices ?? []).map((c, i) => ({ id: c.id, text: c.text, at: [i, 'text'] }));
}

export interface ExerciseOverlayProps {
  course: CourseFolder;
  dir: string;
  courseId: string;
  spec: ExerciseSpec;
  /** The English exercise.yaml. */
  file: YamlFile;
  lessonText?: string;
  glossaryIds?: Set<string>;
  problems: Problem[];
  units: TranslationUnit[];
  existing: Set<string>;
}

export function loadExerciseOverlays(props: ExerciseOverlayProps): Partial<Record<TranslationLocale, ExerciseTranslation>> {
  const translations: Partial<Record<TranslationLocale, ExerciseTranslation>> = {};
  for (const locale of TRANSLATION_LOCALES) {
    const t = loadOne({ ...props, locale });
    if (t) translations[locale] = t;
  }
  return translations;
}

function loadOne(props: ExerciseOverlayProps & { locale: TranslationLocale }): ExerciseTranslation | undefined {
  const { course, dir, courseId, spec, file, locale, problems, units, existing } = props;
  const overlay = path.join(dir, `exercise.${locale}.yaml`);
  const tfile = readOptionalYaml({ course, file: overlay, problems });
  let value: ExerciseTranslationSpec | undefined;
  if (tfile) {
    existing.add(overlay);
    const r = validateYaml(tfile, exerciseTranslationSchema);
    for (const p of r.problems) problems.push(p);
    value = r.value;
  }
  const stamps = value?.source ?? {};
  const unit = (props: { key: string; englishAt: PathPart[]; text: string; at?: PathPart[] }) => {
    units.push({
      locale,
      course: courseId,
      stages: [],
      exercise: spec.id,
      overlay,
      key: props.key,
      hash: stampHash(props.text),
      english: file.position(props.englishAt),
      translated: props.at && tfile ? tfile.position(props.at) : undefined,
      stamp: Object.hasOwn(stamps, props.key) ? stamps[props.key] : undefined,
      stamped: true,
    });
  };
  const has = (s: string | undefined): s is string => s !== undefined;
  unit({ key: 'title', englishAt: ['title'], text: spec.title, at: has(value?.title) ? ['title'] : undefined });
  unit({ key: 'summary', englishAt: ['summary'], text: spec.summary, at: has(value?.summary) ? ['summary'] : undefined });

  const translation: ExerciseTranslation = { title: value?.title, summary: value?.summary, tasks: {} };
  const tasks = value?.tasks ?? {};
  spec.tasks.forEach((task, ti) => {
    const t = Object.hasOwn(tasks, task.id) ? tasks[task.id] : undefined;
    const ep: PathPart[] = ['tasks', ti];
    const tp: PathPart[] = ['tasks', task.id];
    const k = `tasks.${task.id}`;
    const markdown = (english: string, at: PathPart[], translated: string | undefined) => {
      if (translated === undefined || !tfile) return;
      placeholderProblems({ english, translated, report: (ph, msg) => problems.push(tfile.problemInText(at, ph, msg)) });
      glossaryProblems({ text: translated, ids: props.glossaryIds, report: (pos, msg) => problems.push(tfile.problemInText(at, pos, msg)) });
    };
    unit({ key: `${k}.title`, englishAt: [...ep, 'title'], text: task.title, at: has(t?.title) ? [...tp, 'title'] : undefined });
    unit({ key: `${k}.text`, englishAt: [...ep, 'text'], text: task.text, at: has(t?.text) ? [...tp, 'text'] : undefined });
    markdown(task.text, [...tp, 'text'], t?.text);
    task.hints.forEach((h, hi) => {
      unit({ key: `${k}.hints.${hi}`, englishAt: [...ep, 'hints', hi], text: h, at: t?.hints?.[hi] !== undefined ? [...tp, 'hints', hi] : undefined });
      markdown(h, [...tp, 'hints', hi], t?.hints?.[hi]);
    });
    t?.hints?.slice(task.hints.length).forEach((_, i) => {
      problems.push(tfile!.problem([...tp, 'hints', task.hints.length + i], `hint ${task.hints.length + i + 1}: the English task '${task.id}' has ${task.hints.length} hint(s)`));
    });
    const checks = task.checks ?? [];
    checks.forEach((c, ci) => {
      unit({ key: `${k}.checks.${ci}`, englishAt: [...ep, 'checks', ci, 'name'], text: c.name, at: t?.checks?.[ci] !== undefined ? [...tp, 'checks', ci] : undefined });
    });
    t?.checks?.slice(checks.length).forEach((_, i) => {
      problems.push(tfile!.problem([...tp, 'checks', checks.length + i], `check ${checks.length + i + 1}: the English task '${task.id}' has ${checks.length} check(s)`));
    });
    const quiz = quizOverlay({ ...props, tfile, task, ti, t, unit, markdown });
    if (t) translation.tasks[task.id] = { title: t.title, text: t.text, hints: t.hints, checks: t.checks, quiz } satisfies TaskTranslation;
  });
  if (tfile) {
    const ids = new Set(spec.tasks.map((task) => task.id));
    const listed = someOf([...ids]);
    for (const id of Object.keys(tasks)) {
      if (!ids.has(id)) problems.push(tfile.problem(['tasks', id], `task '${id}' is not in ${file.file} (tasks: ${listed})`, { key: true }));
    }
  }
  const lessonText = lessonOverlay(props);
  if (lessonText !== undefined) translation.lessonText = lessonText;
  return tfile || lessonText !== undefined ? translation : undefined;
}

type Unit = (p: { key: string; englishAt: PathPart[]; text: string; at?: PathPart[] }) => void;

function quizOverlay(props: {
  tfile?: YamlFile;
  task: ExerciseSpec['tasks'][number];
  ti: number;
  t?: ExerciseTranslationSpec['tasks'][string];
  unit: Unit;
  markdown: (english: string, at: PathPart[], translated: string | undefined) => void;
  problems: Problem[];
}): TaskTranslation['quiz'] {
  const { tfile, task, ti, t, unit, markdown, problems } = props;
  const q = t?.quiz;
  const tp: PathPart[] = ['tasks', task.id, 'quiz'];
  if (!task.quiz) {
    if (q && tfile) problems.push(tfile.problem(tp, `the English task '${task.id}' has no quiz`, { key: true }));
    return undefined;
  }
  const ep: PathPart[] = ['tasks', ti, 'quiz'];
  const k = `tasks.${task.id}.quiz`;
  unit({ key: `${k}.question`, englishAt: [...ep, 'question'], text: task.quiz.question, at: q?.question !== undefined ? [...tp, 'question'] : undefined });
  markdown(task.quiz.question, [...tp, 'question'], q?.question);
  const choices = quizChoices(task.quiz);
  const given = q?.choices ?? {};
  for (const c of choices) {
    unit({ key: `${k}.choices.${c.id}`, englishAt: [...ep, 'choices', ...c.at], text: c.text, at: Object.hasOwn(given, c.id) ? [...tp, 'choices', c.id] : undefined });
  }
  const ids = new Set(choices.map((c) => c.id));
  const known = choices.length ? `choices: ${someOf([...ids])}` : 'the English quiz has no choices';
  for (const id of Object.keys(given)) {
    if (!ids.has(id)) {
      problems.push(tfile!.problem([...tp, 'choices', id], `choice '${id}' is not in the English quiz (${known})`, { key: true }));
    }
  }
  unit({ key: `${k}.explanation`, englishAt: [...ep, 'explanation'], text: task.quiz.explanation, at: q?.explanation !== undefined ? [...tp, 'explanation'] : undefined });
  markdown(task.quiz.explanation, [...tp, 'explanation'], q?.explanation);
  q?.answers?.forEach((a, ai) => {
    // A choice quiz is answered by id in every language: a translation has nothing to add there.
    if ('choice' in a || choices.length) {
      problems.push(tfile!.problem([...tp, 'answers', ai], choices.length ? 'a quiz with choices is answered by the choice ids of the English quiz: a translation adds no answers to it' : 'this quiz has no choices: add answers as exact, regex or number'));
      return;
    }
    if (!('regex' in a)) return;
    const check = (source: string, at: PathPart[]) => {
      const r = compilePattern(source, a.flags);
      if (!r.ok) problems.push(tfile!.problem(at, r.message));
    };
    check(a.regex, [...tp, 'answers', ai, 'regex']);
    a.unless?.forEach((u, ui) => {
      check(u, [...tp, 'answers', ai, 'unless', ui]);
    });
  });
  return q ? { question: q.question, choices: q.choices, explanation: q.explanation, answers: q.answers } : undefined;
}

/** The lesson overlay's text (without its stamp line), its unit, and its problems. */
function lessonOverlay(props: ExerciseOverlayProps & { locale: TranslationLocale }): string | undefined {
  const { course, dir, courseId, spec, locale, lessonText, problems, units, existing } = props;
  if (lessonText === undefined) return undefined;
  const english = path.join(dir, spec.lesson);
  const overlay = path.join(dir, markdownOverlayName(spec.lesson, locale));
  const text = readOptionalText({ course, file: overlay, problems });
  const r = markdownUnit({ english, englishText: lessonText, overlay, text, locale, courseId, glossaryIds: props.glossaryIds, problems });
  units.push({ ...r.unit, exercise: spec.id });
  if (text !== undefined) existing.add(overlay);
  return r.body;
}

/** A Markdown overlay (lesson): its unit and the problems of its text. */
export function markdownUnit(props: {
  english: string;
  englishText: string;
  overlay: string;
  text?: string;
  locale: TranslationLocale;
  courseId: string;
  glossaryIds?: Set<string>;
  problems: Problem[];
}): { unit: TranslationUnit; body?: string } {
  const { english, englishText, overlay, text, locale, courseId, problems } = props;
  const unit: TranslationUnit = { locale, course: courseId, stages: [], overlay, key: '', hash: stampHash(englishText), english: { file: rel(english), line: 1, col: 1 }, stamped: true };
  if (text === undefined) return { unit };
  const { stamp, body, bodyLine } = splitMarkdownStamp(text);
  const file = rel(overlay);
  const at = (pos: { line: number; col: number }, message: string) => problems.push({ file, line: pos.line + bodyLine - 1, col: pos.col, message });
  placeholderProblems({ english: englishText, translated: body, report: at });
  glossaryProblems({ text: body, ids: props.glossaryIds, report: at });
  return { unit: { ...unit, translated: { file, line: 1, col: 1 }, stamp }, body };
}

/** A `{{name}}` in a translation that its English does not use (a typo, or a value the English never shows). */
function placeholderProblems(props: { english: string; translated: string; report: (at: { line: number; col: number }, message: string) => void }): void {
  const used = new Set(findPlaceholders(props.english).map((p) => p.name));
  const listed = used.size ? ` (it uses: ${someOf([...used].map((n) => `{{${n}}}`))})` : '';
  for (const ph of findPlaceholders(props.translated)) {
    if (!used.has(ph.name)) props.report(ph, `placeholder {{${ph.name}}} is not in the English${listed}`);
  }
}

const GLOSSARY_LINK = /\]\(\/glossary#([^)\s]*)\)/g;

/** A link to /glossary#id whose id the course glossary does not have. */
export function glossaryProblems(props: { text: string; ids?: Set<string>; report: (at: { line: number; col: number }, message: string) => void }): void {
  props.text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(GLOSSARY_LINK)) {
      if (props.ids?.has(m[1]!)) continue;
      props.report({ line: i + 1, col: (m.index ?? 0) + 3 }, props.ids ? `/glossary#${m[1]} is not a term of glossary.yaml` : `/glossary#${m[1]}: the course has no glossary.yaml`);
    }
  });
}
