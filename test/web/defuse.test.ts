// Raw HTML in a lesson has its event handler attributes renamed before DOMPurify sees it
// (web/src/lib/defuse.ts), in the learner's tab, on course text nobody checked: in linear time.
import { describe, expect, it } from 'vitest';
import { defuseHandlers } from '../../web/src/lib/defuse.js';

describe('renaming event handler attributes in a lesson\'s raw HTML', () => {
  it.each([
    ['<img src="x" onerror="alert(1)">', '<img src="x" data-defused-onerror="alert(1)">'],
    ['<svg/onload=alert(1)>', '<svg/data-defused-onload=alert(1)>'],
    ['<a href=x ONCLICK=\'y\' title="on">', '<a href=x data-defused-ONCLICK=\'y\' title="on">'],
    ['<p """ onmouseover="x">', '<p """ data-defused-onmouseover="x">'],
    ['text <b>bold</b> onerror=x', 'text <b>bold</b> onerror=x'],
  ])('%s', (html, defused) => {
    expect(defuseHandlers(html)).toBe(defused);
  });

  it('takes a tag of 200 000 quotes, or of blanks and slashes, in linear time', () => {
    for (const run of ['""', ' /', "''"]) {
      const html = `<a onclick=x ${run.repeat(100_000)}>`;
      const t0 = performance.now();
      const out = defuseHandlers(html);
      expect(performance.now() - t0, JSON.stringify(run)).toBeLessThan(200);
      expect(out).toBe(`<a data-defused-onclick=x ${run.repeat(100_000)}>`);
    }
  });
});
