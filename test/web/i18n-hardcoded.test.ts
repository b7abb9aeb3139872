// No English left in the app's markup: every .tsx under web/src is parsed (TypeScript's own parser)
// and its JSX text, and its string-valued attributes a person reads (aria-label, title, placeholder,
// alt, label, question...), must carry no Latin words outside t() / <Trans>. Names that are the same in
// every language (opslab, IP, MAC, VRRP...) and symbols are allowed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../web/src');

/** Words that are names, not English: the same in a Chinese UI. */
const ALLOWED = new Set(['opslab', 'IP', 'MAC', 'VRID', 'VRRP', 'IPVS', 'URL', 'Ctrl', 'Esc', 'Tab', 'netem', 'any' /* the capture interface, as tcpdump -i names it */]);
/** Attributes whose text is read by people (the rest are ids, classes, values). */
const READ = new Set(['aria-label', 'aria-valuetext', 'aria-description', 'title', 'placeholder', 'alt', 'label', 'ariaLabel', 'question', 'confirmLabel']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return name.endsWith('.tsx') ? [p] : [];
  });
}

/** The words of a text that are English: Latin letters, not in the allowed names. */
function englishWords(text: string): string[] {
  return (text.replace(/&[a-z]+;/g, ' ').match(/[A-Za-z][A-Za-z'’-]*/g) ?? []).filter((w) => !ALLOWED.has(w));
}

/** Every hard-coded English UI text in one source file, as "line: text". */
function hardCoded(source: string, file = 'x.tsx'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (englishWords(text).length === 0) return;
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${path.relative(ROOT, file)}:${line + 1}: ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && READ.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))) report(init, init.expression.text);
      else if (ts.isJsxExpression(init) && init.expression && ts.isTemplateExpression(init.expression)) {
        const tpl = init.expression;
        report(init, [tpl.head.text, ...tpl.templateSpans.map((s) => s.literal.text)].join(' '));
      }
    } else if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      report(node, node.expression.text); // {'Some words'} as a child
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the app markup', () => {
  it('has no hard-coded English text outside t() in any component', () => {
    const files = tsxFiles(ROOT);
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap((f) => hardCoded(readFileSync(f, 'utf8'), f))).toEqual([]);
  });

  it('finds English in JSX text, in read attributes and in string children, and lets names and t() pass', () => {
    const src = `export const A = () => (
      <div title="Start the lab" aria-label={\`Check \${x}\`} className="lab-pane">
        Hello there
        {'Loading…'}
        <span>{t('ok')}</span> opslab · VRRP ◉ &gt;_ {x} 12
      </div>
    );`;
    expect(hardCoded(src).map((l) => l.replace(/^.*?:(\d+): /, '$1: '))).toEqual(['2: Start the lab', '2: Check', '3: Hello there', '4: Loading…']);
  });
});
