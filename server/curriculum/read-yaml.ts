// Reading a course's YAML and optional files (translations) through readContent, the one way the
// loader reads course files, and listing its folders; problems carry file:line:col.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { inside, readContent, type CourseFolder } from './content.js';
import { YamlFile, type Problem } from './yaml.js';

export function readYaml(props: { course: CourseFolder; file: string; problems: Problem[] }): YamlFile | undefined {
  const { course, file, problems } = props;
  const text = readText({ course, file, problems, optional: false });
  return text === undefined ? undefined : yamlOf({ file, text, problems });
}

/** A file that may be absent (a translation, a catalog): undefined and no problem when it is. */
export function readOptionalYaml(props: { course: CourseFolder; file: string; problems: Problem[] }): YamlFile | undefined {
  const text = readText({ ...props, optional: true });
  return text === undefined ? undefined : yamlOf({ file: props.file, text, problems: props.problems });
}

export function readOptionalText(props: { course: CourseFolder; file: string; problems: Problem[] }): string | undefined {
  return readText({ ...props, optional: true });
}

function readText(props: { course: CourseFolder; file: string; problems: Problem[]; optional: boolean }): string | undefined {
  const { course, file, problems, optional } = props;
  const name = path.basename(file);
  const r = readContent({ course, base: path.dirname(file), name });
  if (r.ok) return r.text;
  if (r.missing && optional) return undefined;
  const message = r.missing ? 'cannot read file' : `file ${name}: ${r.reason}`;
  problems.push({ file: rel(file), line: 1, col: 1, message });
  return undefined;
}

function yamlOf(props: { file: string; text: string; problems: Problem[] }): YamlFile | undefined {
  const { file, text, problems } = props;
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
export function subdirs(dir: string, within?: { course: CourseFolder; problems: Problem[] }): string[] {
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
