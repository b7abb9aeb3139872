// Production installs carry only `dependencies` (`npm ci --omit=dev`, scripts/bundle.sh): every
// package the server loads at run time must be one of them. This reads every file the server can
// load (bin/opslab.js and server/**, and the shared/ files they reach) with TypeScript's parser and
// lists the packages they import as values: static imports, `export ... from`, dynamic `import()`
// and `require()`. Type-only imports (`import type`, `export type`, every name marked `type`) are
// erased by tsx, so a devDependency may serve them.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const BUILTINS = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The module specifiers a source imports at run time (type-only imports left out). */
function valueImports(text: string, fileName = 'x.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const literal = (n: ts.Node | undefined) => (n && ts.isStringLiteralLike(n) ? n.text : undefined);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      // `import type {..}`, or `import { type A, type B }` with no default and only type names.
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      const spec = literal(node.moduleSpecifier);
      if (spec && !typeOnly) found.push(spec);
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const typeOnly = node.isTypeOnly || (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      const spec = literal(node.moduleSpecifier);
      if (spec && !typeOnly) found.push(spec);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (!node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
        const spec = literal(node.moduleReference.expression);
        if (spec) found.push(spec);
      }
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const spec = literal(node.arguments[0]);
      if ((isImport || isRequire) && spec) found.push(spec);
    }
    // `typeof import('x')` in a type is an ImportTypeNode, not a call: never visited as one.
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative paths and Node's builtins. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The file a relative specifier names (`./x.js` is x.ts, x.tsx or x.js; a folder its index). */
function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, `${stem}.js`, `${stem}.mjs`, path.join(base, 'index.ts'), base];
  return candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

/** Every package the server can load at run time, with the first file (of those reached) that imports it. */
function runtimePackages(): Map<string, string> {
  const start = [path.join(ROOT, 'bin/opslab.js'), ...sourceFiles(path.join(ROOT, 'server'))];
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(readFileSync(file, 'utf8'), file)) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (target) queue.push(target);
        continue;
      }
      const pkg = packageOf(spec);
      if (pkg && !packages.has(pkg)) packages.set(pkg, rel(file));
    }
  }
  return packages;
}

describe('what the server loads at run time', () => {
  it('tells type-only imports from imports of values (this test can fail)', () => {
    const text = [
      "import type { A } from 'only-types';",
      "import { type B, type C } from 'only-types-too';",
      "import { type D, e } from 'mixed';",
      "import f from 'default-value';",
      "export type { G } from 'type-reexport';",
      "export { h } from 'value-reexport';",
      "type T = typeof import('type-position');",
      "const m = await import('dynamic');",
      "const r = require('required');",
      "import 'side-effect';",
    ].join('\n');
    expect(valueImports(text).sort()).toEqual(['default-value', 'dynamic', 'mixed', 'required', 'side-effect', 'value-reexport']);
    expect(['@fastify/static/x', 'tsx/esm/api', 'node:fs', 'fs/promises', './x.js'].map(packageOf)).toEqual(['@fastify/static', 'tsx', undefined, undefined, undefined]);
  });

  it('imports only packages that are runtime dependencies: none from devDependencies, none undeclared', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const used = runtimePackages();
    // What the scan must find for it to mean anything: the CLI's loader and the store's drivers.
    for (const name of ['tsx', 'fastify', 'better-sqlite3', 'pg', 'node-pty']) expect(used.has(name), `${name} not found: the scan missed files`).toBe(true);
    const wrong = [...used]
      .filter(([name]) => !(name in pkg.dependencies))
      .map(([name, file]) => `${name} (imported by ${file}) is ${name in pkg.devDependencies ? 'a devDependency' : 'not declared'}: move it to "dependencies"`);
    expect(wrong).toEqual([]);
  });
});
