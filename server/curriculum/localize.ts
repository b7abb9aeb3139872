// What a learner reading in a locale is shown of a course: every text field from the locale's
// overlay when it has one, else the English, field by field (a half-translated exercise shows its
// translated titles beside the English of the rest, never a blank). English is the source: asking
// for it returns the course as written. Pure functions over loaded objects; no I/O.
import type { ExerciseSummary, GlossaryView, LessonView, QuizChoice, RoadmapView } from '../../shared/api.js';
import { type Locale, SOURCE_LOCALE, type TranslationLocale } from '../../shared/i18n.js';
import type { AnswerTerm } from './answer-text.js';
import type { Course, Exercise } from './load.js';
import type { Answer } from './schema.js';
import type { GlossaryTerm, TaskTranslation } from './translations.js';

export interface LocalizedTask {
  id: string;
  title: string;
  text: string;
  hints: string[];
  /** The checks' names, in the English checks' order. */
  checks: string[];
  quiz?: { question: string; choices?: QuizChoice[]; explanation: string };
}

export interface LocalizedExercise {
  locale: Locale;
  title: string;
  summary: string;
  lesson: string;
  tasks: LocalizedTask[];
}

/** A translated text when there is one worth showing; an empty or blank field is no translation. */
function pick(translated: string | undefined, english: string): string;
function pick(translated: string | undefined, english: string | undefined): string | undefined;
function pick(translated: string | undefined, english: string | undefined): string | undefined {
  return typeof translated === 'string' && translated.trim() !== '' ? translated : english;
}

// The loader has already taken a Markdown overlay's staleness stamp off (units.ts, splitMarkdownStamp).
function translationOf<Tr>(obj: { translations: Partial<Record<TranslationLocale, Tr>> }, locale: Locale): Tr | undefined {
  return locale === 'en' ? undefined : obj.translations[locale];
}

function localizeTask(task: Exercise['tasks'][number], tr: TaskTranslation | undefined): LocalizedTask {
  const quiz = task.quiz;
  return {
    id: task.id,
    title: pick(tr?.title, task.title),
    text: pick(tr?.text, task.text),
    // Index by index: a translation may be shorter (the rest stay English), never longer.
    hints: task.hints.map((h, i) => pick(tr?.hints?.[i], h)),
    checks: (task.checks ?? []).map((c, i) => pick(tr?.checks?.[i], c.name)),
    quiz: quiz && {
      question: pick(tr?.quiz?.question, quiz.question),
      choices: quiz.choices?.map((c): QuizChoice => ({ id: c.id, text: pick(tr?.quiz?.choices?.[c.id], c.text) })),
      explanation: pick(tr?.quiz?.explanation, quiz.explanation),
    },
  };
}

/** The exercise's learner-facing texts in `locale`, each field falling back to the English. */
export function localizeExercise(ex: Exercise, locale: Locale): LocalizedExercise {
  const tr = translationOf(ex, locale);
  return {
    locale,
    title: pick(tr?.title, ex.title),
    summary: pick(tr?.summary, ex.summary),
    lesson: tr?.lessonText !== undefined && tr.lessonText.trim() !== '' ? tr.lessonText : ex.lessonText,
    tasks: ex.tasks.map((t) => localizeTask(t, tr?.tasks?.[t.id])),
  };
}

/** An exercise as the roadmap lists it, title and summary in `locale`. */
export function summarizeExercise(ex: Exercise, locale: Locale = SOURCE_LOCALE): ExerciseSummary {
  const tr = translationOf(ex, locale);
  return {
    id: ex.id,
    title: pick(tr?.title, ex.title),
    summary: pick(tr?.summary, ex.summary),
    difficulty: ex.difficulty,
    minutes: ex.minutes,
    requires: ex.requires,
    hasLab: Boolean(ex.lab),
    taskCount: ex.tasks.length,
  };
}

/** The course's title in `locale` (the course list of the roadmap). */
export function courseTitle(course: Course, locale: Locale): string {
  return pick(translationOf(course, locale)?.roadmap?.title, course.roadmap.title);
}

/** A course's roadmap in `locale`: titles and summaries of the course, stages, modules and exercises. */
export function localizeRoadmap(course: Course, exercisesById: ReadonlyMap<string, Exercise>, locale: Locale): Omit<RoadmapView, 'courses'> {
  const { roadmap } = course;
  const tr = translationOf(course, locale)?.roadmap;
  return {
    locale,
    id: roadmap.id,
    title: pick(tr?.title, roadmap.title),
    summary: pick(tr?.summary, roadmap.summary),
    stages: roadmap.stages.map((s) => ({
      id: s.id,
      title: pick(tr?.stages?.[s.id]?.title, s.title),
      summary: pick(tr?.stages?.[s.id]?.summary, s.summary),
      modules: s.modules.map((m) => ({
        id: m.id,
        title: pick(tr?.modules?.[m.id]?.title, m.title),
        summary: pick(tr?.modules?.[m.id]?.summary, m.summary),
        prerequisites: m.prerequisites,
        exercises: m.exercises.flatMap((id) => {
          const ex = exercisesById.get(id);
          return ex ? [summarizeExercise(ex, locale)] : [];
        }),
      })),
    })),
  };
}

/** A module's lesson in `locale` (the overlay when there is one), or undefined when the course has no such module. */
export function localizeModule(course: Course, moduleId: string, locale: Locale): LessonView | undefined {
  for (const stage of course.roadmap.stages) {
    const mod = stage.modules.find((m) => m.id === moduleId);
    if (!mod) continue;
    const tr = translationOf(course, locale);
    const overlay = tr?.lessons?.[mod.id];
    return {
      locale,
      id: mod.id,
      title: pick(tr?.roadmap?.modules?.[mod.id]?.title, mod.title),
      markdown: overlay !== undefined && overlay.trim() !== '' ? overlay : (course.lessons[mod.id] ?? ''),
    };
  }
  return undefined;
}

/** The course's glossary for a reader of `locale`: every name of each term, its definition in `locale` or English. */
export function glossaryView(course: Course, locale: Locale): GlossaryView {
  const terms = course.glossary;
  return {
    locale,
    course: course.roadmap.id,
    terms: terms.map((t) => ({ id: t.id, names: { ...t.names }, aka: [...t.aka], definition: pick(t.definition[locale], t.definition.en) })),
  };
}

/**
 * The glossary as quiz answer terms: a learner who writes a term's Chinese name or another name
 * of it (虚拟IP, DS, 负载调度器) is read as having written its `answer` (vip, director), so the
 * English answers accept it.
 */
export function answerTerms(course: Course | undefined): readonly AnswerTerm[] {
  if (!course) return [];
  // One array per loaded course, the same on every answer: the grader keeps what it builds from
  // the terms per array (a reload loads new courses, and so new terms).
  let terms = termsByCourse.get(course);
  if (!terms) {
    terms = termsOf(course.glossary);
    termsByCourse.set(course, terms);
  }
  return terms;
}

const termsByCourse = new WeakMap<Course, readonly AnswerTerm[]>();

function termsOf(terms: readonly GlossaryTerm[]): AnswerTerm[] {
  const out: AnswerTerm[] = [];
  for (const t of terms) {
    const names = new Set<string>();
    for (const [locale, name] of Object.entries(t.names)) if (locale !== SOURCE_LOCALE && name?.trim()) names.add(name.trim());
    for (const aka of t.aka) if (aka.trim()) names.add(aka.trim());
    names.delete(t.answer);
    if (names.size > 0) out.push({ names: [...names], as: t.answer });
  }
  return out;
}

/** The extra answers every translation of a task's quiz accepts (Chinese wording no glossary term covers). */
export function translatedAnswers(ex: Exercise, taskId: string): Answer[] {
  const out: Answer[] = [];
  for (const tr of Object.values(ex.translations)) {
    for (const a of tr?.tasks?.[taskId]?.quiz?.answers ?? []) out.push(a);
  }
  return out;
}
