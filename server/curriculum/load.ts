// Load a curriculum folder: roadmap.yaml, one folder per exercise, lessons and scripts.
// Every problem is collected (not just the first) with its file:line:col.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { courseFolder, inside, readContent, type CourseFolder } from './content.js';
import { exerciseSchema, roadmapSchema, type ExerciseSpec, type Roadmap } from './schema.js';
import { checkExercise, checkRoadmap } from './rules.js';
import { validateYaml, YamlFile, type PathPart, type Problem } from './yaml.js';

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
}

export interface Course {
  dir: string;
  roadmap: Roadmap;
  /** Module id → lesson Markdown. */
  lessons: Record<string, string>;
}

export interface Curriculum {
  root: string;
  courses: Course[];
  exercises: Map<string, Exercise>;
}

export interface LoadResult {
  curriculum: Curriculum;
  problems: Problem[];
}

/** Load every course under `root` (folders holding a roadmap.yaml), or `root` itself when it is one. */
export function loadCurriculum(root: string): LoadResult {
  const absRoot = path.resolve(root);
  const problems: Problem[] = [];
  const curriculum: Curriculum = { root: absRoot, courses: [], exercises: new Map() };
  if (!existsSync(absRoot) || !statSync(absRoot).isDirectory()) {
    return { curriculum, problems: [{ file: rel(absRoot), line: 1, col: 1, message: 'no such curriculum folder' }] };
  }
  const courseDirs = existsSync(path.join(absRoot, 'roadmap.yaml'))
    ? [absRoot]
    : subdirs(absRoot).filter((d) => existsSync(path.join(d, 'roadmap.yaml')));
  if (courseDirs.length === 0) {
    problems.push({ file: rel(absRoot), line: 1, col: 1, message: 'no roadmap.yaml found (expected <course>/roadmap.yaml)' });
  }
  const exerciseOwners = new Map<string, string>();
  for (const dir of courseDirs) {
    loadCourse({ dir, curriculum, problems, exerciseOwners });
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { curriculum, problems };
}

function loadCourse(props: {
  dir: string;
  curriculum: Curriculum;
  problems: Problem[];
  exerciseOwners: Map<string, string>;
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

  const exerciseDirs = subdirs(dir, { course, problems }).filter((d) => existsSync(path.join(d, 'exercise.yaml')));
  const loaded = new Map<string, Exercise>();
  // Folders whose exercise.yaml has errors of its own: the roadmap should not also call them missing.
  const broken = new Set<string>();
  for (const exDir of exerciseDirs) {
    const ex = loadExercise({ dir: exDir, course, courseId: roadmap?.id ?? path.basename(dir), coursePreludes: preludes, problems });
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
  curriculum.courses.push({ dir, roadmap, lessons });
}

/**
 * Appends `more` to `problems`. Not push(...more): a course file can have more problems than a call
 * may have arguments (a 1 MiB file of repeated keys has 200 000), and the spread then throws.
 */
function addAll(problems: Problem[], more: readonly Problem[]): void {
  for (const p of more) problems.push(p);
}

function loadExercise(props: { dir: string; course: CourseFolder; courseId: string; coursePreludes: Prelude[]; problems: Problem[] }): Exercise | undefined {
  const { dir, course, courseId, coursePreludes, problems } = props;
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
  const own = spec.prelude ? scripts[spec.prelude] : undefined;
  const preludes = own === undefined ? coursePreludes : [...coursePreludes, { file: path.relative(course.dir, path.resolve(dir, spec.prelude!)), text: own }];

  addAll(problems, checkExercise({ file, spec, lessonText, lessonFile: rel(path.join(dir, spec.lesson)) }));
  return { ...spec, dir, course: courseId, lessonText: lessonText ?? '', scripts, preludes };
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

function readYaml(props: { course: CourseFolder; file: string; problems: Problem[] }): YamlFile | undefined {
  const { course, file, problems } = props;
  const name = path.basename(file);
  const r = readContent({ course, base: path.dirname(file), name });
  if (!r.ok) {
    const message = r.missing ? 'cannot read file' : `file ${name}: ${r.reason}`;
    problems.push({ file: rel(file), line: 1, col: 1, message });
    return undefined;
  }
  const text = r.text;
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    problems.push({ file: rel(file), line: before.length, col: before[before.length - 1]!.length + 1, message: 'binary data (NUL byte) in a YAML file' });
    return undefined;
  }
  return new YamlFile(rel(file), text);
}

/**
 * Folders in `dir`, not following symbolic links. Within a course, a linked folder that leads out
 * of it is a problem (at the link): it would be an exercise the course does not hold.
 */
function subdirs(dir: string, within?: { course: CourseFolder; problems: Problem[] }): string[] {
  const found: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    if (d.isDirectory()) found.push(full);
    else if (d.isSymbolicLink() && within) {
      let real: string;
      try {
        real = realpathSync(full);
        if (!statSync(real).isDirectory()) continue;
      } catch {
        continue;
      }
      if (!inside(within.course.real, real)) {
        within.problems.push({ file: rel(full), line: 1, col: 1, message: `folder ${d.name}: a symbolic link leads out of the course folder (to ${real})` });
      }
    }
  }
  return found.sort();
}

/** Paths in messages are relative to the working directory, as compilers print them. */
export function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}
