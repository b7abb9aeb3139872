// Host, network, exercise and task names a course gives become keys of plain-object tables all over
// the platform (a lab's subnets and addresses, the lab view's readings per host, a submission's
// scripts per host, the web app's results per task): a host or task named `constructor` found
// Object's constructor in every such table before anything was put there (a lab view read a
// function as the host's first reading; a task showed as passed). The names are refused where
// the course is read, at the value that names them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { GOOD_COURSE, makeCourse } from '../helpers/curriculum.js';

const YAML = readFileSync(path.join(GOOD_COURSE, 'web-lab/exercise.yaml'), 'utf8');

describe('prototype names in a course', () => {
  it.each([
    ['a host', YAML.replace(/\bweb\b(?!-lab)/g, 'constructor'), /constructor/],
    ['a network', YAML.replace(/\blan\b/g, 'constructor'), /constructor/],
    ['a task', YAML.replace('id: serve', 'id: constructor'), /constructor/],
    ['(not) a host named hasownproperty, no property (names are case-sensitive)', YAML.replace(/\bclient\b/g, 'hasownproperty'), null],
  ])('refuses %s named after an Object property, at its line', (_what, yaml, refused) => {
    const dir = makeCourse({ 'web-lab/exercise.yaml': yaml });
    const { problems } = loadCurriculum(dir);
    if (!refused) {
      // Lower-case names that are no property of Object are names like any other.
      expect(problems).toEqual([]);
      return;
    }
    const mine = problems.filter((p) => p.file.endsWith('web-lab/exercise.yaml') && /every JavaScript object/.test(p.message));
    expect(mine.length, JSON.stringify(problems)).toBeGreaterThan(0);
    for (const p of mine) {
      expect(p.line).toBeGreaterThan(0);
      expect(yaml.split('\n')[p.line - 1]).toMatch(refused);
    }
  });
});
