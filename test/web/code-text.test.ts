// What a lesson's code block gives Copy and Run: what the learner sees, and nothing else. Course
// text is not trusted (web/src/lib/markdown.ts); Markdown.tsx passes a block's text through
// withoutInvisible, and Run types it with typedText. Before, only the bidi overrides and isolates
// went: a right-to-left mark (U+200F) stayed, and in Chromium `printf "%s " <RLM>111 222<RLM>` showed
// as `printf "%s " 222 111`, `mv -- <RLM>1 2` as `mv -- 2 1`, while Run typed the other order. Every
// format character (Unicode's Cf: marks, zero-width spaces, tags...) shows nothing or reorders what
// is shown, so all of them go, with every control character but tab and line feed.
import { describe, expect, it } from 'vitest';
import { readBlock } from '../../shared/code-fence.js';
import { withoutInvisible } from '../../web/src/components/CodeTools.js';
import { typedText } from '../../web/src/terminal/keys.js';

/** What Run types for a block whose text (as the DOM holds it) is `text`. */
const typed = (text: string, lang = 'sh') => typedText(readBlock(withoutInvisible(text), { lang }).text, true);

describe('a code block types only what it shows', () => {
  it('a right-to-left mark is not typed: Run types the words in the order they are shown', () => {
    expect(typed('mv -- \u200f1 2')).toBe('mv -- 1 2\r');
  });

  it.each([
    ['a zero-width space', '\u200b'],
    ['a word joiner', '\u2060'],
    ['a byte-order mark', '\ufeff'],
    ['a soft hyphen', '\u00ad'],
    ['a right-to-left mark', '\u200f'],
    ['an Arabic letter mark', '\u061c'],
    ['a right-to-left override', '\u202e'],
    ['a first-strong isolate', '\u2068'],
    ['Unicode tag characters (invisible ASCII)', '\u{e0072}\u{e006d}'],
    ['a NEL', '\u0085'],
    ['a carriage return', '\r'],
  ])('%s is dropped', (_what, hidden) => {
    expect(withoutInvisible(`ls ${hidden}/tmp`)).toBe('ls /tmp');
  });

  it('an escape is dropped, so a bracketed-paste end or a readline command is plain text', () => {
    expect(withoutInvisible('ls \x1b[201~\x1b\x7f/tmp')).toBe('ls [201~/tmp');
  });

  it('keeps tabs, line ends and visible text, Unicode included', () => {
    expect(withoutInvisible('printf "a\tb"\necho héllo → 世界 🙂')).toBe('printf "a\tb"\necho héllo → 世界 🙂');
  });

  it('reads a block of a long run of blanks before a last character in linear time', () => {
    // `\s+$` tried every start in the run, each to its end: 40 000 blanks took 1.1 s, 1 MiB minutes
    // (in the learner's tab, and on the server when validate reads a block marked for a host).
    const text = `${' '.repeat(200_000)}x\n${'\t'.repeat(200_000)}`;
    const t0 = performance.now();
    const block = readBlock(text, { lang: 'sh' });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(block.text).toBe(`${' '.repeat(200_000)}x`);
  });
});
