// A course's own translations: roadmap.<locale>.yaml (titles and summaries of the course, its
// stages and modules) and the module lessons' overlays (lessons/lvs.<locale>.md). Ids a translation
// names must be the roadmap's; each English text becomes a translation unit.
import path from 'node:path';
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';
import type { CourseFolder } from './content.js';
import { markdownOverlayName, markdownUnit } from './overlays.js';
import { readOptionalText, readOptionalYaml } from './read-yaml.js';
import type { Roadmap } from './schema.js';
import type { CourseTranslation } from './translations.js';
import { roadmapTranslationSchema } from './translation-schema.js';
import { stampHash, type TranslationLocale, type TranslationUnit } from './units.js';
import { someOf, validateYaml, type PathPart, type Problem, type YamlFile } from './yaml.js';

export function loadCourseOverlays(props: {
  course: CourseFolder;
  dir: string;
  roadmap: Roadmap;
  /** The English roadmap.yaml. */
  file: YamlFile;
  /** Module id → English lesson text. */
  lessons: Record<string, string>;
  glossaryIds?: Set<string>;
  problems: Problem[];
  units: TranslationUnit[];
  existing: Set<string>;
}): Partial<Record<TranslationLocale, CourseTranslation>> {
  const { course, dir, roadmap, file, problems, units, existing } = props;
  const translations: Partial<Record<TranslationLocale, CourseTranslation>> = {};
  for (const locale of TRANSLATION_LOCALES) {
    const overlay = path.join(dir, `roadmap.${locale}.yaml`);
    const tfile = readOptionalYaml({ course, file: overlay, problems });
    const ct: CourseTranslation = { lessons: {} };
    let stamps: Record<string, string> = {};
    let given: { title?: string; summary?: string; stages: Record<string, { title?: string; summary?: string }>; modules: Record<string, { title?: string; summary?: string }> } | undefined;
    if (tfile) {
      existing.add(overlay);
      const r = validateYaml(tfile, roadmapTranslationSchema);
      for (const p of r.problems) problems.push(p);
      if (r.value) {
        given = r.value;
        stamps = r.value.source ?? {};
        ct.roadmap = { title: r.value.title, summary: r.value.summary, stages: r.value.stages, modules: r.value.modules };
      }
    }
    const unit = (p: { key: string; stages: string[]; englishAt: PathPart[]; text: string | undefined; translated: string | undefined; at: PathPart[] }) => {
      if (p.text === undefined) return;
      units.push({
        locale,
        course: roadmap.id,
        stages: p.stages,
        overlay,
        key: p.key,
        hash: stampHash(p.text),
        english: file.position(p.englishAt),
        translated: p.translated !== undefined && tfile ? tfile.position(p.at) : undefined,
        stamp: Object.hasOwn(stamps, p.key) ? stamps[p.key] : undefined,
        stamped: true,
      });
    };
    unit({ key: 'title', stages: [], englishAt: ['title'], text: roadmap.title, translated: given?.title, at: ['title'] });
    unit({ key: 'summary', stages: [], englishAt: ['summary'], text: roadmap.summary, translated: given?.summary, at: ['summary'] });
    const stageIds = new Set<string>();
    const moduleIds = new Set<string>();
    const lessonsSeen = new Set<string>();
    roadmap.stages.forEach((stage, si) => {
      stageIds.add(stage.id);
      const st = given && Object.hasOwn(given.stages, stage.id) ? given.stages[stage.id] : undefined;
      for (const field of ['title', 'summary'] as const) {
        unit({ key: `stages.${stage.id}.${field}`, stages: [stage.id], englishAt: ['stages', si, field], text: stage[field], translated: st?.[field], at: ['stages', stage.id, field] });
      }
      stage.modules.forEach((mod, mi) => {
        moduleIds.add(mod.id);
        const mt = given && Object.hasOwn(given.modules, mod.id) ? given.modules[mod.id] : undefined;
        for (const field of ['title', 'summary'] as const) {
          unit({ key: `modules.${mod.id}.${field}`, stages: [stage.id], englishAt: ['stages', si, 'modules', mi, field], text: mod[field], translated: mt?.[field], at: ['modules', mod.id, field] });
        }
        const englishText = Object.hasOwn(props.lessons, mod.id) ? props.lessons[mod.id] : undefined;
        // Two modules may share a lesson file: one unit (the first module's stage), both get the text.
        if (englishText === undefined) return;
        const english = path.resolve(dir, mod.lesson);
        const lessonOverlay = path.resolve(dir, markdownOverlayName(mod.lesson, locale));
        const first = !lessonsSeen.has(english);
        lessonsSeen.add(english);
        const text = readOptionalText({ course, file: lessonOverlay, problems: first ? problems : [] });
        const r = markdownUnit({ english, englishText, overlay: lessonOverlay, text, locale, courseId: roadmap.id, glossaryIds: props.glossaryIds, problems: first ? problems : [] });
        if (first) units.push({ ...r.unit, stages: [stage.id] });
        if (text !== undefined) existing.add(lessonOverlay);
        if (r.body !== undefined) ct.lessons[mod.id] = r.body;
      });
    });
    if (tfile && given) {
      const listed = someOf([...stageIds]);
      for (const id of Object.keys(given.stages)) {
        if (!stageIds.has(id)) problems.push(tfile.problem(['stages', id], `stage '${id}' is not in roadmap.yaml (stages: ${listed})`, { key: true }));
      }
      for (const id of Object.keys(given.modules)) {
        if (!moduleIds.has(id)) problems.push(tfile.problem(['modules', id], `module '${id}' is not in roadmap.yaml`, { key: true }));
      }
    }
    if (tfile || Object.keys(ct.lessons).length) translations[locale] = ct;
  }
  return translations;
}

/** roadmap.yaml's `locales:`: a required stage must be one of the roadmap's. */
export function checkLocales(props: { file: YamlFile; roadmap: Roadmap }): Problem[] {
  const { file, roadmap } = props;
  const problems: Problem[] = [];
  const stages = new Set(roadmap.stages.map((s) => s.id));
  const listed = someOf([...stages]);
  for (const [locale, spec] of Object.entries(roadmap.locales ?? {})) {
    if (!Array.isArray(spec?.required)) continue;
    spec.required.forEach((id, i) => {
      if (!stages.has(id)) problems.push(file.problem(['locales', locale, 'required', i], `stage '${id}' is not in this roadmap (stages: ${listed})`));
    });
  }
  return problems;
}
