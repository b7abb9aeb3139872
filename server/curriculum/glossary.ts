// A course's glossary.yaml: each term in every language, with its other names. Its ids are the
// /glossary#id anchors lessons link to; quiz grading reads a term's translated names and akas as
// its `answer`. Optional: a course without one has no glossary page.
import path from 'node:path';
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';
import type { CourseFolder } from './content.js';
import { readOptionalYaml } from './read-yaml.js';
import type { GlossaryTerm } from './translations.js';
import { glossarySchema } from './translation-schema.js';
import type { TranslationUnit } from './units.js';
import { validateYaml, type PathPart, type Problem } from './yaml.js';

export function loadGlossary(props: {
  course: CourseFolder;
  dir: string;
  courseId: string;
  problems: Problem[];
  units: TranslationUnit[];
  existing: Set<string>;
}): GlossaryTerm[] | undefined {
  const { course, dir, courseId, problems, units, existing } = props;
  const full = path.join(dir, 'glossary.yaml');
  const file = readOptionalYaml({ course, file: full, problems });
  if (!file) return undefined;
  existing.add(full);
  const { value, problems: p } = validateYaml(file, glossarySchema);
  for (const x of p) problems.push(x);
  if (!value) return [];
  const seen = new Map<string, number>();
  const terms: GlossaryTerm[] = [];
  value.terms.forEach((t, i) => {
    const at: PathPart[] = ['terms', i];
    const first = seen.get(t.id);
    if (first !== undefined) {
      const pos = file.position(['terms', first, 'id']);
      problems.push(file.problem([...at, 'id'], `duplicate glossary id '${t.id}' (first at ${pos.line}:${pos.col})`));
      return;
    }
    seen.set(t.id, i);
    terms.push({ id: t.id, names: { en: t.en, 'zh-CN': t['zh-CN'] }, aka: t.aka, answer: t.answer ?? t.en, definition: { en: t.definition.en, 'zh-CN': t.definition['zh-CN'] } });
    // Both languages are inline: no stamps, a unit is translated when its field is there.
    for (const locale of TRANSLATION_LOCALES) {
      const unit = (key: string, englishAt: PathPart[], translatedAt: PathPart[], given: string | undefined) =>
        units.push({
          locale,
          course: courseId,
          stages: [],
          overlay: full,
          key,
          hash: '',
          english: file.position(englishAt),
          translated: given === undefined ? undefined : file.position(translatedAt),
          stamped: false,
        });
      unit(`terms.${t.id}.${locale}`, [...at, 'en'], [...at, locale], t[locale]);
      unit(`terms.${t.id}.definition.${locale}`, [...at, 'definition', 'en'], [...at, 'definition', locale], t.definition[locale]);
    }
  });
  return terms;
}
