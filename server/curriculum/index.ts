// The curriculum's public entry point. It imports nothing from lab, check, terminal or http.
export { loadCurriculum, type Curriculum, type Course, type Exercise, type LoadOptions, type LoadResult } from './load.js';
export type { CourseTranslation, ExerciseTranslation, GlossaryTerm, MessageCatalog, Messages, RoadmapTranslation, TaskTranslation } from './translations.js';
export { stampHash, type TranslationUnit } from './units.js';
export { formatProblem, type Problem } from './yaml.js';
export { gradeAnswer, MAX_ANSWER_CHARS, type QuizVerdict } from './quiz.js';
export { compilePattern, type CompiledPattern, type LinearPattern } from './pattern.js';
export { jsonSchemas } from './jsonschema.js';
export { renderPlaceholders, placeholderNames } from './placeholders.js';
export { KERNEL_FEATURE_NAMES } from './schema.js';
export type { ExerciseSpec, LabSpec, TaskSpec, CheckSpec, QuizSpec, RunStep, Roadmap } from './schema.js';
export { CurriculumSource } from './source.js';
export { localizeExercise, localizeRoadmap, localizeModule, summarizeExercise, courseTitle, glossaryView, answerTerms, translatedAnswers, type LocalizedExercise } from './localize.js';
