// Load a curriculum folder: roadmap.yaml, one folder per exercise, lessons and scripts.
// Every problem is collected (not just the first) with its file:line:col.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkMessageKeys, checkExercise, checkRoadmap } from './rules.js';
import { findMessageKeys, loadCatalogs, mergeMessages, type FolderCatalogs } from './catalogs.js';
import { courseFolder, readContent, type CourseFolder } from './content.js';
import { checkLocales, loadCourseOverlays } from './course-overlays.js';
import { loadGlossary } from './glossary.js';
import { loadExerciseOverlays } from './overlays.js';
import type { CourseTranslation, ExerciseTranslation, GlossaryTerm, Messages } from './translations.js';
import { freshnessProblems, placeUnits, type TranslationLocale, type TranslationUnit } from './units.js';
import { exerciseSchema, roadmapSchema, type ExerciseSpec, type Roadmap } from './schema.js';
import { readYaml, rel, subdirs } from './read-yaml.js';
import { validateYaml, type PathPart, type Problem, type YamlFile } from './yaml.js';

export { rel };

/** Shell functions that run before a script: one `prelude` file of the course or of an exercise. */
export interface Prelude {
  /** Path relative to the course folder: lib/lvs.sh, lvs-schedulers/scripts/lib.sh. */
  file: string;
  text: string;
}

export interface Exercise extends ExerciseSpec {
  /** Absolute path of the exercise folder. */
  dir: string;
  /** Course (roadmap id) and where the roadmap places the exercise. */
  course: string;
  stage?: string;
  module?: string;
  lessonText: string;
  /** Contents of every script the exercise references, by relative path. */
  scripts: Record<string, string>;
  /**
   * What every setup, check and solve script of the exercise runs after, in this order: the
   * course's `prelude` files (roadmap.yaml), then the exercise's own `prelude`.
   */
  preludes: Prelude[];
  /** Translations by locale (exercise.zh-CN.yaml, lesson.zh-CN.md); English is the fallback per field. */
  translations: Partial<Record<TranslationLocale, ExerciseTranslation>>;
  /** Check messages per locale, English included: the course's catalog with the exercise's over it. */
  messages: Messages;
}

export interface Course {
  dir: string;
  roadmap: Roadmap;
  /** Module id → lesson Markdown. */
  lessons: Record<string, string>;
  /** roadmap.zh-CN.yaml and the module lessons' overlays, by locale. */
  translations: Partial<Record<TranslationLocale, CourseTranslation>>;
  /** glossary.yaml's terms; empty without one. */
  glossary: GlossaryTerm[];
  /** The course's catalog (messages.yaml beside roadmap.yaml, for lib/*.sh) per locale. */
  messages: Messages;
}

export interface Curriculum {
  root: string;
  courses: Course[];
  exercises: Map<string, Exercise>;
}

export interface LoadResult {
  curriculum: Curriculum;
  /** Errors: the curriculum is not valid while there is one. */
  problems: Problem[];
  /** Missing and stale translations where no course requires them: shown, refusing nothing. */
  warnings: Problem[];
  /** Every English text and its translation per locale: what coverage counts. */
  units: TranslationUnit[];
}

export interface LoadOptions {
  /** Missing and stale translations are errors everywhere (`opslab validate --strict-locales`). */
  strictLocales?: boolean;
  /**
   * Missing and stale translations are warnings everywhere, whatever a course requires: for
   * `opslab i18n stamp`, which clears them and must not be refused for them.
   */
  localeGapsAsWarnings?: boolean;
}

/** What loading one course's translations shares between its parts. */
interface I18nContext {
  units: TranslationUnit[];
  /** Exercise id → the message keys its scripts name literally. */
  keysUsed: Map<string, Set<string>>;
  /** Absolute paths of the translation files that exist. */
  existing: Set<string>;
  glossaryIds?: Set<string>;
  catalogs: FolderCatalogs;
}

/** Load every course under `root` (folders holding a roadmap.yaml), or `root` itself when it is one. */
export function loadCurriculum(root: string, opts: LoadOptions = {}): LoadResult {
  const absRoot = path.resolve(root);
  const problems: Problem[] = [];
  const curriculum: Curriculum = { root: absRoot, courses: [], exercises: new Map() };
  if (!existsSync(absRoot) || !statSync(absRoot).isDirectory()) {
    return { curriculum, problems: [{ file: rel(absRoot), line: 1, col: 1, message: 'no such curriculum folder' }], warnings: [], units: [] };
  }
  const courseDirs = existsSync(path.join(absRoot, 'roadmap.yaml'))
    ? [absRoot]
    : subdirs(absRoot).filter((d) => existsSync(path.join(d, 'roadmap.yaml')));
  if (courseDirs.length === 0) {
    problems.push({ file: rel(absRoot), line: 1, col: 1, message: 'no roadmap.yaml found (expected <course>/roadmap.yaml)' });
  }
  const exerciseOwners = new Map<string, string>();
  const units: TranslationUnit[] = [];
  for (const dir of courseDirs) {
    loadCourse({ dir, curriculum, problems, exerciseOwners, units, strictLocales: opts.strictLocales, localeGapsAsWarnings: opts.localeGapsAsWarnings });
  }
  const order = (a: Problem, b: Problem) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;
  const errors = problems.filter((p) => p.severity !== 'warning').sort(order);
  const warnings = problems.filter((p) => p.severity === 'warning').sort(order);
  return { curriculum, problems: errors, warnings, units };
}

function loadCourse(props: {
  dir: string;
  curriculum: Curriculum;
  problems: Problem[];
  exerciseOwners: Map<string, string>;
  units: TranslationUnit[];
  strictLocales?: boolean;
  localeGapsAsWarnings?: boolean;
}): void {
  const { dir, curriculum, problems, exerciseOwners } = props;
  let course: CourseFolder;
  try {
    course = courseFolder(dir);
  } catch (e) {
    problems.push({ file: rel(dir), line: 1, col: 1, message: `cannot read the course folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    return;
  }
  const roadmapFile = readYaml({ course, file: path.join(dir, 'roadmap.yaml'), problems });
  if (!roadmapFile) return;
  const { value: roadmap, problems: rp } = validateYaml(roadmapFile, roadmapSchema);
  addAll(problems, rp);
  // Read before the exercises, which run them first in every script.
  const preludes: Prelude[] = [];
  roadmap?.prelude.forEach((name, i) => {
    const text = readNamed({ course, base: dir, name, what: 'prelude file', file: roadmapFile, at: ['prelude', i], problems });
    if (text !== undefined) preludes.push({ file: path.relative(dir, path.resolve(dir, name)), text });
  });

  const courseId = roadmap?.id ?? path.basename(dir);
  const units: TranslationUnit[] = [];
  const existing = new Set<string>();
  const glossary = loadGlossary({ course, dir, courseId, problems, units, existing });
  const i18n: I18nContext = {
    units,
    keysUsed: new Map(),
    existing,
    glossaryIds: glossary && new Set(glossary.map((t) => t.id)),
    catalogs: loadCatalogs({ course, dir, courseId, problems, units, existing }),
  };
  for (const p of preludes) {
    addAll(problems, checkMessageKeys({ text: p.text, file: rel(path.join(dir, p.file)), known: (k) => Object.hasOwn(i18n.catalogs.en, k), catalogs: `the course's messages.yaml` }));
  }

  const exerciseDirs = subdirs(dir, { course, problems }).filter((d) => existsSync(path.join(d, 'exercise.yaml')));
  const loaded = new Map<string, Exercise>();
  // Folders whose exercise.yaml has errors of its own: the roadmap should not also call them missing.
  const broken = new Set<string>();
  for (const exDir of exerciseDirs) {
    const ex = loadExercise({ dir: exDir, course, courseId, coursePreludes: preludes, problems, i18n });
    if (!ex) {
      broken.add(path.basename(exDir));
      continue;
    }
    const other = exerciseOwners.get(ex.id);
    if (other) {
      problems.push({ file: rel(path.join(exDir, 'exercise.yaml')), line: 1, col: 1, message: `duplicate exercise id '${ex.id}' (also in ${rel(other)})` });
      continue;
    }
    exerciseOwners.set(ex.id, exDir);
    loaded.set(ex.id, ex);
  }
  if (!roadmap) {
    for (const ex of loaded.values()) curriculum.exercises.set(ex.id, ex);
    return;
  }
  const lessons: Record<string, string> = {};
  addAll(problems, checkRoadmap({ file: roadmapFile, roadmap, exerciseIds: new Set(loaded.keys()), brokenIds: broken }));
  roadmap.stages.forEach((stage, si) => {
    stage.modules.forEach((mod, mi) => {
      const text = readNamed({ course, base: dir, name: mod.lesson, what: 'lesson file', file: roadmapFile, at: ['stages', si, 'modules', mi, 'lesson'], problems });
      if (text !== undefined) lessons[mod.id] = text;
      mod.exercises.forEach((exId, ei) => {
        const ex = loaded.get(exId);
        if (ex?.draft) problems.push(roadmapFile.problem(['stages', si, 'modules', mi, 'exercises', ei], `exercise '${exId}' is a draft (draft: true in its exercise.yaml): remove that line once it passes \`opslab selftest ${exId}\`, then list it here`));
        if (ex && !ex.module) Object.assign(ex, { stage: stage.id, module: mod.id });
      });
    });
  });
  for (const ex of loaded.values()) curriculum.exercises.set(ex.id, ex);
  const translations = loadCourseOverlays({ course, dir, roadmap, file: roadmapFile, lessons, glossaryIds: i18n.glossaryIds, problems, units, existing });
  placeUnits({ units, stageOf: (id) => loaded.get(id)?.stage, keysUsed: i18n.keysUsed });
  addAll(problems, checkLocales({ file: roadmapFile, roadmap }));
  addAll(problems, freshnessProblems({ units, existing, locales: props.localeGapsAsWarnings ? undefined : roadmap.locales, strict: props.strictLocales && !props.localeGapsAsWarnings }));
  for (const u of units) props.units.push(u);
  curriculum.courses.push({ dir, roadmap, lessons, translations, glossary: glossary ?? [], messages: mergeMessages(i18n.catalogs, { en: {}, translated: {} }) });
}

/**
 * Appends `more` to `problems`. Not push(...more): a course file can have more problems than a call
 * may have arguments (a 1 MiB file of repeated keys has 200 000), and the spread then throws.
 */
function addAll(problems: Problem[], more: readonly Problem[]): void {
  for (const p of more) problems.push(p);
}

function loadExercise(props: { dir: string; course: CourseFolder; courseId: string; coursePreludes: Prelude[]; problems: Problem[]; i18n: I18nContext }): Exercise | undefined {
  const { dir, course, courseId, coursePreludes, problems, i18n } = props;
  const file = readYaml({ course, file: path.join(dir, 'exercise.yaml'), problems });
  if (!file) return undefined;
  const { value: spec, problems: ep } = validateYaml(file, exerciseSchema);
  addAll(problems, ep);
  if (!spec) return undefined;
  const folder = path.basename(dir);
  if (spec.id !== folder) problems.push(file.problem(['id'], `id '${spec.id}' must match its folder name '${folder}'`));

  const lessonText = readNamed({ course, base: dir, name: spec.lesson, what: 'lesson file', file, at: ['lesson'], problems });

  const scripts: Record<string, string> = {};
  const readScript = (script: string, at: PathPart[]) => {
    if (script in scripts) return;
    const text = readNamed({ course, base: dir, name: script, what: 'script file', file, at, problems });
    if (text !== undefined) scripts[script] = text;
  };
  if (spec.prelude) readScript(spec.prelude, ['prelude']);
  spec.lab?.setup.forEach((s, i) => {
    readScript(s.script, ['lab', 'setup', i, 'script']);
  });
  spec.tasks.forEach((t, ti) => {
    t.checks?.forEach((c, ci) => {
      readScript(c.script, ['tasks', ti, 'checks', ci, 'script']);
    });
    t.solve.forEach((s, si) => {
      readScript(s.script, ['tasks', ti, 'solve', si, 'script']);
    });
  });
  const ownPrelude = spec.prelude ? scripts[spec.prelude] : undefined;
  const preludes = ownPrelude === undefined ? coursePreludes : [...coursePreludes, { file: path.relative(course.dir, path.resolve(dir, spec.prelude!)), text: ownPrelude }];

  addAll(problems, checkExercise({ file, spec, lessonText, lessonFile: rel(path.join(dir, spec.lesson)) }));
  const exerciseUnits: TranslationUnit[] = [];
  const own = loadCatalogs({ course, dir, courseId, outer: i18n.catalogs.en, problems, units: exerciseUnits, existing: i18n.existing });
  const translations = loadExerciseOverlays({ course, dir, courseId, spec, file, lessonText, glossaryIds: i18n.glossaryIds, problems, units: exerciseUnits, existing: i18n.existing });
  for (const u of exerciseUnits) i18n.units.push({ ...u, exercise: spec.id });
  const keys = new Set<string>();
  const known = (k: string) => Object.hasOwn(own.en, k) || Object.hasOwn(i18n.catalogs.en, k);
  for (const [name, text] of Object.entries(scripts)) {
    for (const k of findMessageKeys(text)) keys.add(k.key);
    addAll(problems, checkMessageKeys({ text, file: rel(path.resolve(dir, name)), known, catalogs: `${path.basename(dir)}/messages.yaml or the course's messages.yaml` }));
  }
  i18n.keysUsed.set(spec.id, keys);
  return { ...spec, dir, course: courseId, lessonText: lessonText ?? '', scripts, preludes, translations, messages: mergeMessages(i18n.catalogs, own) };
}

/**
 * A file named in YAML (at `at` in `file`), read through readContent; a problem at that value
 * when it is missing or refused. A name the YAML does not give (lesson.md by default) is
 * reported at the file it names.
 */
function readNamed(props: {
  course: CourseFolder;
  base: string;
  name: string;
  what: string;
  file: YamlFile;
  at: PathPart[];
  problems: Problem[];
}): string | undefined {
  const { course, base, name, what, file, at, problems } = props;
  const r = readContent({ course, base, name });
  if (r.ok) return r.text;
  const message = r.missing ? `${what} not found: ${name}` : `${what} ${name}: ${r.reason}`;
  if (file.doc.hasIn(at)) problems.push(file.problem(at, message));
  else problems.push({ file: rel(path.resolve(base, name)), line: 1, col: 1, message });
  return undefined;
}
