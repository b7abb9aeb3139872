// A free-text quiz answer as the patterns read it, whatever the keyboard it was typed on: a
// Chinese input method gives full-width letters, digits and punctuation (ＶＩＰ, ８．９３, ，),
// enumeration commas (rr、wrr) and Chinese quotes; a Chinese ops engineer names things the way
// Chinese textbooks do (虚拟IP for VIP, 源地址转换 for SNAT). The author's patterns are written in
// English, so the answer is brought to them: normalised here, and the course glossary's names
// read as the English the patterns look for. Everything below is linear in the answer, which the
// caller has already cut to MAX_ANSWER_CHARS.

/** A glossary term for grading: each of `names` found in an answer is read as `as`. */
export interface AnswerTerm {
  names: string[];
  as: string;
}

/**
 * Punctuation NFKC leaves alone but a Chinese keyboard types where an English answer has ASCII:
 * the enumeration comma and the full stop, quotes and book-title marks, brackets.
 */
const CJK_PUNCTUATION: Record<string, string> = {
  '、': ',',
  '。': '.',
  '｡': '.',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '《': '"',
  '》': '"',
  '〈': '"',
  '〉': '"',
  '【': '[',
  '】': ']',
  '〔': '(',
  '〕': ')',
  '—': '-',
  '－': '-',
};
const CJK_PUNCTUATION_RE = new RegExp(`[${Object.keys(CJK_PUNCTUATION).join('')}]`, 'g');

/**
 * NFKC (full-width forms become ASCII: ＶＩＰ → VIP, ８．９３ → 8.93, ，→ ,), then the punctuation
 * NFKC keeps mapped to ASCII. NFKC may lengthen a string (one ligature is up to 18 characters), so
 * the caller caps the result again.
 */
export function normalizeFreeText(answer: string): string {
  return answer.normalize('NFKC').replace(CJK_PUNCTUATION_RE, (c) => CJK_PUNCTUATION[c]!);
}

/** Something a name must hold to be read as a term: a letter outside ASCII (虚拟IP, not "DS"). */
const NON_ASCII_LETTER = /[^\u0000-\u007f]/;
const WORD = /[A-Za-z0-9_]/;

interface TermReader {
  pattern: RegExp;
  as: Map<string, string>;
}

// Compiled once per list of terms (a course's glossary is one array while the course is loaded).
const readers = new WeakMap<readonly AnswerTerm[], TermReader | null>();

/**
 * The answer with each glossary name read as its English: "答案是虚拟IP" → "答案是VIP". Only names
 * with a non-ASCII letter are read (an English name is the author's patterns' business: "DS" read
 * as "director" would change what an English answer means). Longest name first, one scan: one
 * alternation of literals, tried at each position, so the work is the answer's length times the
 * glossary's size, both bounded. A space is put between the English and a Latin letter or digit
 * next to it, so that `\b` in a pattern still sees a word boundary.
 */
export function readTerms(text: string, terms: readonly AnswerTerm[]): string {
  const reader = termReader(terms);
  if (!reader) return text;
  return text.replace(reader.pattern, (found: string, offset: number, whole: string) => {
    const as = reader.as.get(found.toLowerCase()) ?? found;
    const before = offset > 0 && WORD.test(whole[offset - 1]!) ? ' ' : '';
    const after = offset + found.length < whole.length && WORD.test(whole[offset + found.length]!) ? ' ' : '';
    return `${before}${as}${after}`;
  });
}

function termReader(terms: readonly AnswerTerm[]): TermReader | null {
  let r = readers.get(terms);
  if (r !== undefined) return r;
  const as = new Map<string, string>();
  for (const t of terms) {
    for (const name of t.names) {
      const key = normalizeFreeText(name).toLowerCase();
      if (key.trim() && NON_ASCII_LETTER.test(key) && !as.has(key)) as.set(key, t.as);
    }
  }
  const names = [...as.keys()].sort((a, b) => b.length - a.length);
  r = names.length ? { pattern: new RegExp(names.map(escapeLiteral).join('|'), 'giu'), as } : null;
  readers.set(terms, r);
  return r;
}

// The syntax characters only: with the u flag any other escape (`\-`) is an error, and a name is
// never inside a character class, where a dash would mean something.
function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
