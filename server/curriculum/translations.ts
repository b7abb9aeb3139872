// What a course's translations hold once loaded: the overlays beside the English files
// (roadmap.zh-CN.yaml, lesson.zh-CN.md, exercise.zh-CN.yaml, messages.zh-CN.yaml) and the
// glossary. English is the source and the fallback of every field; a field missing here is shown
// in English. Loaded by load.ts; read by localize.ts (what a request in a locale is shown) and by
// the check messages.
import type { Locale } from '../../shared/i18n.js';
import type { Answer } from './schema.js';

/** A translation of roadmap.yaml: titles and summaries by id. */
export interface RoadmapTranslation {
  title?: string;
  summary?: string;
  stages: Record<string, { title?: string; summary?: string }>;
  modules: Record<string, { title?: string; summary?: string }>;
}

/** A translation of exercise.yaml, its tasks by id; lists index-aligned with the English. */
export interface ExerciseTranslation {
  title?: string;
  summary?: string;
  /** The lesson overlay (lesson.zh-CN.md), when there is one. */
  lessonText?: string;
  tasks: Record<string, TaskTranslation>;
}

export interface TaskTranslation {
  title?: string;
  text?: string;
  hints?: string[];
  /** The checks' names, in the English checks' order. */
  checks?: string[];
  quiz?: {
    question?: string;
    /** Choice id → text. */
    choices?: Record<string, string>;
    explanation?: string;
    /** More accepted answers, added to the English ones (Chinese wording no glossary term covers). */
    answers?: Answer[];
  };
}

/** Message key → text with {name} arguments. */
export type MessageCatalog = Record<string, string>;

/** Check messages per locale, English included: the exercise's catalog over the course's. */
export type Messages = Partial<Record<Locale, MessageCatalog>>;

export interface GlossaryTerm {
  id: string;
  /** The term's name per locale; `en` always. */
  names: Partial<Record<Locale, string>> & { en: string };
  /** Other names, any language (DS, 负载调度器). */
  aka: string[];
  /** What a quiz answer reads a translated name or an aka as: the English name unless said. */
  answer: string;
  /** Markdown per locale; `en` always. */
  definition: Partial<Record<Locale, string>> & { en: string };
}

/** A course's translations of its roadmap and module lessons, per locale. */
export interface CourseTranslation {
  roadmap?: RoadmapTranslation;
  /** Module id → lesson overlay Markdown. */
  lessons: Record<string, string>;
}
