// `opslab validate [DIR] [--json] [--strict-locales]`: exit 0 when the curriculum is valid, 1 with
// every problem. Missing and stale translations are warnings (printed, exit 0) unless the course
// requires the locale there or --strict-locales; the output ends with the translation coverage.
import { fileURLToPath } from 'node:url';
import { TRANSLATION_LOCALES, type TranslationLocale } from '../../shared/i18n.js';
import { appCoverage, courseCoverage, formatCoverage, type CoverageRow } from '../curriculum/coverage.js';
import { formatProblem, loadCurriculum } from '../curriculum/index.js';
import { defineCommand } from './command.js';

const APP_CATALOGS = fileURLToPath(new URL('../../web/src/locales', import.meta.url));

export const command = defineCommand({
  name: 'validate',
  summary: 'validate curriculum YAML, lessons and scripts: file:line:col for every problem',
  details: 'Exit 0 when it is valid (warnings, such as missing translations, are printed), 1 when it has problems.',
  positionals: [{ name: 'DIR', description: 'the curriculum folder (default: OPSLAB_CURRICULUM, else curricula)', optional: true }],
  options: {
    json: { type: 'boolean', description: 'print {valid, exercises, problems, warnings, coverage} as JSON' },
    'strict-locales': { type: 'boolean', description: 'missing and stale translations are errors, not warnings' },
    'app-catalogs': { type: 'string', value: 'DIR', description: "the web app's message catalogs (default: web/src/locales of this opslab)" },
  },
  async run({ args, settings }) {
    const dir = args.positionals[0] ?? settings.curriculumDir;
    const { curriculum, problems, warnings, units } = loadCurriculum(dir, { strictLocales: args.values['strict-locales'] });
    const courses = courseCoverage(curriculum, units);
    const app: Partial<Record<TranslationLocale, CoverageRow>> = {};
    for (const locale of TRANSLATION_LOCALES) {
      const row = appCoverage(args.values['app-catalogs'] ?? APP_CATALOGS, locale);
      if (row) app[locale] = row;
    }
    if (args.values.json) {
      const coverage = courses.map((c) => ({ ...c, rows: app[c.locale] ? [...c.rows, app[c.locale]!] : c.rows }));
      process.stdout.write(JSON.stringify({ valid: problems.length === 0, exercises: curriculum.exercises.size, problems, warnings, coverage }, null, 2) + '\n');
      return problems.length ? 1 : 0;
    }
    // Warnings first: the errors, what must be fixed, are the last lines above the summary.
    for (const p of [...warnings, ...problems]) process.stdout.write(formatProblem(p) + '\n');
    if (warnings.length || problems.length) process.stdout.write('\n');
    if (courses.length) process.stdout.write(formatCoverage(courses, app) + '\n');
    const warned = warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : '';
    if (problems.length) {
      process.stdout.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found${warned}\n`);
    } else {
      const names = curriculum.courses.map((c) => c.roadmap.id).join(', ');
      process.stdout.write(`ok: ${curriculum.courses.length} course(s) (${names}), ${curriculum.exercises.size} exercises${warned}\n`);
    }
    return problems.length ? 1 : 0;
  },
});
