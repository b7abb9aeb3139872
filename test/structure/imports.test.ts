// The shape of the code, read from its imports (static, `export ... from`, dynamic `import()`, type
// imports too; TypeScript's own pre-parser finds them, so comments and strings do not count):
// no import circle anywhere in server/; the Docker client library in two server files only (the
// engine's client and the lab runtime); the vm engine's files reach the local engine only through
// the one file that knows every engine kind; the web app never imports server code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier `file` imports. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The file a relative specifier names (`./x.js` is x.ts or x.tsx, a folder its index), or undefined for a package. */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), base];
  return candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

type Graph = Map<string, string[]>;

function importGraph(files: string[]): Graph {
  return new Map(files.map((f) => [rel(f), specifiers(f).map((s) => resolve(f, s)).filter((t): t is string => t !== undefined).map(rel)]));
}

/**
 * The import circles: one per group of files that all reach each other (Tarjan), as a circle
 * through the group's first file (`a → b → a`), followed by the rest of the group when larger.
 */
function findCycles(graph: Graph): { cycle: string[]; group: string[] }[] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: { cycle: string[]; group: string[] }[] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) !== indexOf.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push({ cycle: cycleWithin(graph, new Set(group), v), group: group.sort() });
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return cycles;
}

/** One concrete circle through `start` inside a group of files that all reach each other. */
function cycleWithin(graph: Graph, group: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const server = importGraph(sourceFiles(path.join(ROOT, 'server')));
const show = (cycles: ReturnType<typeof findCycles>) =>
  cycles
    .map(({ cycle, group }) => {
      const others = group.filter((f) => !cycle.includes(f));
      return `${cycle.join(' → ')}${others.length ? ` (the same circle also takes in ${others.join(', ')})` : ''}`;
    })
    .join('\n');

describe('the imports of the code', () => {
  it('finds a circle when there is one (this test can fail)', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(show(findCycles(graph))).toBe('a.ts → b.ts → c.ts → a.ts\ne.ts → e.ts');
    graph.set('d.ts', ['b.ts']);
    expect(show(findCycles(graph))).toBe('a.ts → b.ts → c.ts → a.ts (the same circle also takes in d.ts)\ne.ts → e.ts');
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('has no import circle in server/', () => {
    expect(server.size).toBeGreaterThan(50);
    const cycles = findCycles(server);
    expect(cycles.length, `import circles in server/:\n${show(cycles)}`).toBe(0);
  });

  it('imports the Docker client library in two server files at most', () => {
    const users = [...server.keys()].filter((f) => specifiers(path.join(ROOT, f)).some((s) => s === 'dockerode' || s.startsWith('dockerode/')));
    expect(users.length, `files importing the Docker client library: ${users.join(', ')}`).toBeLessThanOrEqual(2);
    expect(users.length).toBeGreaterThan(0); // the check looks at the right name
  });

  it('lets only the factory of engine kinds know both the local and the vm engine (in server/engine)', () => {
    const vmFolder = `${['server', 'engine', 'vm'].join('/')}/`;
    const local = 'server/engine/local.ts';
    const factory = 'server/engine/connect.ts';
    const reachesVm = (f: string) => server.get(f)!.some((t) => t.startsWith(vmFolder));
    for (const [file, targets] of server) {
      if (file.startsWith(vmFolder)) {
        expect(targets.filter((t) => t === local || t === factory), `${file} reaches the local engine`).toEqual([]);
      } else if (file !== factory) {
        if (file.startsWith('server/engine/')) expect(targets.includes(local) && reachesVm(file), `${file} knows both the local and the vm engine`).toBe(false);
        // From outside its folder, the vm engine is its entry point only.
        expect(targets.filter((t) => t.startsWith(vmFolder) && t !== `${vmFolder}index.ts`), `${file} imports vm internals`).toEqual([]);
      }
    }
  });

  it('keeps the layers apart: engines and labs know no curriculum, HTTP or CLI; the curriculum knows no labs, engines or HTTP', () => {
    const rules: [string, string[]][] = [
      ['server/engine/', ['server/curriculum/', 'server/http/', 'server/cli/', 'server/service/', 'server/lab/']],
      ['server/lab/', ['server/curriculum/', 'server/http/', 'server/cli/', 'server/service/']],
      ['server/curriculum/', ['server/lab/', 'server/engine/', 'server/http/', 'server/cli/', 'server/service/']],
    ];
    const bad = [...server].flatMap(([file, targets]) =>
      rules.flatMap(([layer, banned]) => (file.startsWith(layer) ? targets.filter((t) => banned.some((b) => t.startsWith(b))).map((t) => `${file} → ${t}`) : [])),
    );
    expect(bad).toEqual([]);
  });

  it('never imports server code from the web app', () => {
    const web = importGraph(sourceFiles(path.join(ROOT, 'web', 'src')));
    const bad = [...web].flatMap(([file, targets]) => targets.filter((t) => t.startsWith('server/')).map((t) => `${file} → ${t}`));
    expect(web.size).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });
});
