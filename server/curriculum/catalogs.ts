// Check message catalogs: messages.yaml (English) and messages.<locale>.yaml beside it, in a course
// folder (for the course's lib/*.sh) and in an exercise folder (for its own scripts). A check script
// prints `FAIL_T: KEY` with arguments; the server renders the message from these.
import path from 'node:path';
import { LOCALES, TRANSLATION_LOCALES, type TranslationLocale } from '../../shared/i18n.js';
import type { CourseFolder } from './content.js';
import { readOptionalYaml } from './read-yaml.js';
import type { MessageCatalog, Messages } from './translations.js';
import { MESSAGE_ARG } from './message-format.js';
import { messagesSchema, messagesTranslationSchema } from './translation-schema.js';
import { stampHash, type TranslationUnit } from './units.js';
import { someOf, validateYaml, type Problem, type YamlFile } from './yaml.js';

/** One folder's catalogs: English and each translation, as loaded. */
export interface FolderCatalogs {
  en: MessageCatalog;
  translated: Partial<Record<TranslationLocale, MessageCatalog>>;
  /** The English file, when there is one (positions of its keys). */
  file?: YamlFile;
}

/**
 * Load `dir`'s catalogs. `outer` is the course's English catalog when `dir` is an exercise: an
 * exercise's translation may translate a course message for itself. Units go to `units`, present
 * overlays to `existing`.
 */
export function loadCatalogs(props: {
  course: CourseFolder;
  dir: string;
  courseId: string;
  outer?: MessageCatalog;
  problems: Problem[];
  units: TranslationUnit[];
  existing: Set<string>;
}): FolderCatalogs {
  const { course, dir, courseId, outer = {}, problems, units, existing } = props;
  const result: FolderCatalogs = { en: {}, translated: {} };
  const file = readOptionalYaml({ course, file: path.join(dir, 'messages.yaml'), problems });
  if (file) {
    const { value, problems: p } = validateYaml(file, messagesSchema);
    for (const x of p) problems.push(x);
    if (value) {
      result.en = value.messages;
      result.file = file;
    }
  }
  for (const locale of TRANSLATION_LOCALES) {
    const overlay = path.join(dir, `messages.${locale}.yaml`);
    const tfile = readOptionalYaml({ course, file: overlay, problems });
    let catalog: MessageCatalog = {};
    let stamps: Record<string, string> = {};
    if (tfile) {
      existing.add(overlay);
      const { value, problems: p } = validateYaml(tfile, messagesTranslationSchema);
      for (const x of p) problems.push(x);
      if (value) {
        stamps = value.source ?? {};
        catalog = {};
        for (const [key, text] of Object.entries(value.messages)) {
          const english = Object.hasOwn(result.en, key) ? result.en[key] : Object.hasOwn(outer, key) ? outer[key] : undefined;
          if (english === undefined) {
            problems.push(tfile.problem(['messages', key], `message key '${key}' is not in the English catalog (messages.yaml${props.outer ? ' here or in the course folder' : ''})`, { key: true }));
            continue;
          }
          // The English names once, as a set: a message may have thousands (a course file is untrusted).
          const known = argNames(english);
          const has = new Set(known);
          const extra = argNames(text).filter((a) => !has.has(a));
          if (extra.length) {
            problems.push(tfile.problem(['messages', key], `${someOf(extra.map((a) => `{${a}}`))} is not an argument of the English message '${key}' (it has: ${someOf(known.map((a) => `{${a}}`)) || 'none'})`));
            continue;
          }
          catalog[key] = text;
        }
        result.translated[locale] = catalog;
      }
    }
    if (!result.file) continue;
    for (const [key, text] of Object.entries(result.en)) {
      const stampKey = `messages.${key}`;
      units.push({
        locale,
        course: courseId,
        stages: [],
        messageKey: key,
        overlay,
        key: stampKey,
        hash: stampHash(text),
        english: result.file.position(['messages', key]),
        translated: Object.hasOwn(catalog, key) ? tfile!.position(['messages', key]) : undefined,
        stamp: Object.hasOwn(stamps, stampKey) ? stamps[stampKey] : undefined,
        stamped: true,
      });
    }
  }
  return result;
}

/** An exercise's messages per locale: the course's catalog with the exercise's over it. */
export function mergeMessages(courseCatalogs: FolderCatalogs, own: FolderCatalogs): Messages {
  const messages: Messages = {};
  for (const locale of LOCALES) {
    if (locale === 'en') {
      messages.en = { ...courseCatalogs.en, ...own.en };
      continue;
    }
    // A course translation of a key the exercise says otherwise in English translates other words:
    // the exercise's English is then a better fallback.
    const fromCourse = Object.fromEntries(Object.entries(courseCatalogs.translated[locale] ?? {}).filter(([k]) => !Object.hasOwn(own.en, k)));
    messages[locale] = { ...fromCourse, ...own.translated[locale] };
  }
  return messages;
}

/** The `{name}` arguments of a message, each once. */
export function argNames(text: string): string[] {
  return [...new Set([...text.matchAll(MESSAGE_ARG)].map((m) => m[1]!))];
}

export interface FoundKey {
  key: string;
  line: number;
  col: number;
}

// `fail_t KEY` / `pass_t KEY` with a literal key (bare or quoted); `fail_t "$key"` is not literal.
const KEY_USE = /(^|[\s;&|({`])(?:fail_t|pass_t)[ \t]+(["']?)([A-Za-z0-9][A-Za-z0-9._-]*)\2(?=[\s;&|)`]|$)/g;

/** Literal message keys a shell script passes to fail_t/pass_t, outside comments. */
export function findMessageKeys(text: string): FoundKey[] {
  const found: FoundKey[] = [];
  text.split('\n').forEach((line, i) => {
    const code = stripComment(line);
    for (const m of code.matchAll(KEY_USE)) {
      const col = (m.index ?? 0) + m[0].length - m[3]!.length - m[2]!.length + 1;
      found.push({ key: m[3]!, line: i + 1, col });
    }
  });
  return found;
}

/** A line without its shell comment: `#` at the start of a word (quotes not followed: a near miss is only a missed check). */
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}
