// `opslab i18n stamp [--locale L] FILE... | --all`: record in translation files which English they
// were checked against (server/curriculum/stamp.ts). Run after a translation is written or updated.
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';
import { allOverlays, OVERLAY_NAME, stampFiles } from '../curriculum/stamp.js';
import { defineCommand, defineGroup, oneOf, UsageError } from './command.js';
import { curriculumOption } from './options.js';

const stamp = defineCommand({
  name: 'i18n stamp',
  summary: 'write the source stamps of translation files (x.zh-CN.yaml, x.zh-CN.md)',
  details: 'Stamps only entries that have a translation; comments and layout stay. Exit 1 when a file was not stamped (its problems are printed).',
  positionals: [{ name: 'FILE', description: 'translation files to stamp', optional: true, variadic: true }],
  options: {
    locale: { type: 'string', value: 'LOCALE', kind: oneOf(TRANSLATION_LOCALES), description: 'only translations into this locale' },
    all: { type: 'boolean', description: 'every translation file of the curriculum' },
    curriculum: curriculumOption,
  },
  async run({ args, settings }) {
    const { positionals, values } = args;
    if (values.all && positionals.length) throw new UsageError('give FILEs or --all, not both');
    if (!values.all && positionals.length === 0) throw new UsageError('name the translation files to stamp, or --all');
    for (const f of positionals) {
      const m = OVERLAY_NAME.exec(f);
      if (!m || !(TRANSLATION_LOCALES as readonly string[]).includes(m[1]!)) {
        throw new UsageError(`${f}: not a translation file (expected NAME.<locale>.yaml or NAME.<locale>.md, locale one of ${TRANSLATION_LOCALES.join(', ')})`);
      }
    }
    const files = values.all ? allOverlays(values.curriculum ?? settings.curriculumDir, values.locale) : positionals;
    const { written, refused } = stampFiles({ files, locale: values.locale });
    for (const w of written) process.stdout.write(`stamped ${w.file} (${w.entries} entr${w.entries === 1 ? 'y' : 'ies'})\n`);
    for (const r of refused) process.stderr.write(`${r}\n`);
    if (values.all && files.length === 0) process.stdout.write('no translations to stamp\n');
    return refused.length ? 1 : 0;
  },
});

export const command = defineGroup({
  name: 'i18n',
  summary: 'translation tools (stamp)',
  subcommands: [stamp],
});
