// Course text reaches the DOM as HTML in one place only: components/Markdown.tsx sets what
// lib/markdown.ts's renderMarkdown returns, and that is sanitized (test/e2e/hostile-html.test.ts shows
// it in the browser). This keeps a new component from setting unsanitized HTML some other way.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve('web/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** Ways to put a string into the DOM as markup, and the one file each is allowed in (none: nowhere). */
const SINKS: { name: string; pattern: RegExp; allowedIn?: string }[] = [
  { name: 'dangerouslySetInnerHTML', pattern: /dangerouslySetInnerHTML/, allowedIn: 'components/Markdown.tsx' },
  { name: 'the Markdown renderer (marked)', pattern: /from\s+['"]marked['"]/, allowedIn: 'lib/markdown.ts' },
  { name: 'innerHTML / outerHTML', pattern: /\.(inner|outer)HTML\b/ },
  { name: 'insertAdjacentHTML', pattern: /insertAdjacentHTML/ },
  { name: 'document.write', pattern: /document\.write/ },
  { name: 'createContextualFragment', pattern: /createContextualFragment/ },
  { name: 'DOMParser', pattern: /DOMParser/ },
  // The Preview tab renders a lab's page in a frame sandboxed without any allowance (checked below).
  { name: 'srcdoc', pattern: /srcdoc/i, allowedIn: 'components/preview/PreviewBody.tsx' },
  { name: 'eval / new Function', pattern: /\beval\(|new Function\(/ },
];

describe('HTML sinks in the web app', () => {
  const files = sources(WEB);

  it('finds the web sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const sink of SINKS) {
    it(`uses ${sink.name} ${sink.allowedIn ? `only in ${sink.allowedIn}` : 'nowhere'}`, () => {
      const users = files.filter((f) => sink.pattern.test(readFileSync(f, 'utf8'))).map((f) => path.relative(WEB, f));
      expect(users).toEqual(sink.allowedIn ? [sink.allowedIn] : []);
    });
  }

  it('gives the one srcdoc frame a sandbox with no allowance (no scripts, opaque origin)', () => {
    const src = readFileSync(path.join(WEB, 'components/preview/PreviewBody.tsx'), 'utf8');
    const frames = src.match(/<iframe\b[^>]*>/g) ?? [];
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatch(/\bsandbox=""/);
    expect(frames[0]).toMatch(/\bsrcDoc=\{frameDocument\(/);
  });

  it('sanitizes everything renderMarkdown returns with DOMPurify', () => {
    const src = readFileSync(path.join(WEB, 'lib/markdown.ts'), 'utf8');
    expect(src).toMatch(/from\s+'dompurify'/);
    expect(src).toMatch(/return sanitizeHtml\(html\);\s*\}\s*$/);
  });
});
