// A task's solution (web/src/components/Solution.tsx) shows each solve script and gives the same text
// to Copy and Run. Solve scripts are course text, not trusted (web/src/lib/markdown.ts): what the
// learner sees must be what Run types. Copy and Run drop invisible characters (withoutInvisible);
// the shown script dropped none, and a right-to-left override (U+202E) kept its effect inside the
// block's left-to-right layout: measured in Chromium, `mv -- <RLO>12 34` showed as `mv -- 43 21`
// while Run typed `mv -- 12 34`.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SolutionSteps } from '../../web/src/components/Solution.js';

/** The text of each step's shown <code>, entities decoded. */
const shownCode = (html: string) =>
  [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

describe('a solution shows what Copy and Run type', () => {
  it.each([
    ['a right-to-left override', 'mv -- \u202e12 34\n', 'mv -- 12 34\n'],
    ['a right-to-left embedding', 'mv -- \u202bab 12\u202c x\n', 'mv -- ab 12 x\n'],
    ['a zero-width space', 'ls \u200b/tmp\n', 'ls /tmp\n'],
    ['a leading set -e (an interactive shell would end at the first error)', 'set -eu\necho hi\n', 'echo hi\n'],
  ])('%s', (_what, script, shown) => {
    const html = renderToStaticMarkup(createElement(SolutionSteps, { steps: [{ host: 'web', script: 'solve.sh', text: script }] }));
    expect(shownCode(html)).toEqual([shown]);
  });
});
