// YAML with positions: parse a file, validate it against a zod schema, and turn every problem
// into `path:line:col: message`, all of them at once.
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { duplicateKeys } from './yaml-keys.js';
import type { z } from 'zod';
import { formatProblem, type PathPart, type Problem } from './problem.js';

export { formatProblem, someOf, type PathPart, type Problem } from './problem.js';

/**
 * A parsed YAML file that can say where any value in it stands.
 *
 * Course files are untrusted input read on the server's main thread (at start and on every reload),
 * so nothing here may take more than linear time in the file, however many problems it has: the
 * yaml package's own duplicate-key check compares each key with every earlier one (a 1 MiB file of
 * 100 000 keys took minutes), so it is off and done here with a set per mapping; a value's position
 * is found through an index per mapping, and a block's lines are split once, not once per problem.
 */
export class YamlFile {
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;
  private readonly text: string;
  private fileLines?: string[];
  private readonly mapIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  private readonly blocks = new WeakMap<Scalar, { header: number; indent: number; valueLines: string[] }>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.text = text;
    this.lines = new LineCounter();
    // Alias bombs: a document may expand aliases only so far (maxAliasCount in toJS).
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: false });
  }

  syntaxProblems(): Problem[] {
    const problems = this.doc.errors.map((e) => {
      const [offset] = e.pos;
      return { ...this.at(offset), message: `YAML syntax: ${firstLine(e.message)}` };
    });
    for (const offset of duplicateKeys(this.doc)) problems.push({ ...this.at(offset), message: 'YAML syntax: Map keys must be unique' });
    return problems.sort((a, b) => a.line - b.line || a.col - b.col);
  }

  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** Position of the value at `path`; of the key when `key` is set; falls back to the nearest parent. */
  position(path: readonly PathPart[], opts: { key?: boolean } = {}): { file: string; line: number; col: number } {
    let node: unknown = this.doc.contents;
    let best: { file: string; line: number; col: number } = this.at(rangeStart(node) ?? 0);
    for (let i = 0; i < path.length; i++) {
      const part = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(part));
        if (!pair) return best;
        if (last && opts.key) return this.at(rangeStart(pair.key) ?? 0);
        node = pair.value;
        const start = rangeStart(node) ?? rangeStart(pair.key);
        if (start !== undefined) best = this.at(start);
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        const start = rangeStart(node);
        if (start === undefined) return best;
        best = this.at(start);
      } else {
        return best;
      }
    }
    return best;
  }

  /**
   * Where line `line`, column `col` (1-based) of the string at `path` stands in the file: exact in a
   * literal block scalar (`text: |`, whose lines are the file's lines), else the value's start.
   */
  positionInText(path: readonly PathPart[], line: number, col: number): { file: string; line: number; col: number } {
    const start = this.position(path);
    const node = this.doc.getIn(path, true);
    if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range || typeof node.value !== 'string') return start;
    const block = this.block(node, node.range);
    const fileLines = this.textLines();
    const wanted = block.valueLines[line - 1];
    const found = fileLines[block.header + line - 1];
    // Only where the file's line really is the value's line (an indentation indicator, a tab...: the start).
    if (wanted === undefined || found === undefined || found.slice(block.indent) !== wanted) return start;
    return { file: this.file, line: block.header + line, col: block.indent + col };
  }

  /** The file's lines, split once. */
  private textLines(): string[] {
    if (!this.fileLines) this.fileLines = this.text.split('\n');
    return this.fileLines;
  }

  /** A mapping's pairs by their scalar key (the first of each, as a search from the top finds), built once. */
  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.mapIndex.get(map);
    if (!index) {
      index = new Map();
      for (const it of map.items) if (isPair(it) && isScalar(it.key) && !index.has(String(it.key.value))) index.set(String(it.key.value), it);
      this.mapIndex.set(map, index);
    }
    return index;
  }

  /** A literal block scalar's first line in the file, its indentation and its lines, worked out once. */
  private block(node: Scalar, range: [number, number, number]): { header: number; indent: number; valueLines: string[] } {
    let b = this.blocks.get(node);
    if (!b) {
      const fileLines = this.textLines();
      const header = this.lines.linePos(range[0]).line; // the line of `|`; the value starts below it
      const end = this.lines.linePos(range[1]).line;
      let indent = 0;
      for (let i = header; i < end; i++) {
        if (fileLines[i]!.trim()) {
          indent = /^ */.exec(fileLines[i]!)![0].length;
          break;
        }
      }
      b = { header, indent, valueLines: String(node.value).split('\n') };
      this.blocks.set(node, b);
    }
    return b;
  }

  problemInText(path: readonly PathPart[], at: { line: number; col: number }, message: string): Problem {
    return { ...this.positionInText(path, at.line, at.col), message };
  }

  problem(path: readonly PathPart[], message: string, opts: { key?: boolean } = {}): Problem {
    return { ...this.position(path, opts), message };
  }

  private at(offset: number) {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && (node as Node).range ? (node as Node).range![0] : undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** Validate the file's contents against `schema`; problems carry the positions of the offending values. */
export function validateYaml<S extends z.ZodType>(
  file: YamlFile,
  schema: S,
): { value?: z.output<S>; problems: Problem[] } {
  const syntax = file.syntaxProblems();
  if (syntax.length) return { problems: syntax };
  let data: unknown;
  try {
    data = file.toJS();
  } catch (e) {
    return { problems: [file.problem([], `YAML: ${(e as Error).message}`)] };
  }
  if (data === null || data === undefined) return { problems: [file.problem([], 'the file is empty')] };
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, problems: [] };
  const problems = result.error.issues.flatMap((issue) => issueToProblems({ file, schema, data, issue }));
  return { problems: dedupe(problems) };
}

type Issue = z.core.$ZodIssue;

function issueToProblems(props: { file: YamlFile; schema: z.ZodType; data: unknown; issue: Issue }): Problem[] {
  const { file, schema, data, issue } = props;
  const path = issue.path as PathPart[];
  const where = path.length ? `${path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    return issue.keys.map((k) => {
      const guess = didYouMean(k, known);
      const hint = guess ? ` (did you mean '${guess}'?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
      return file.problem([...path, k], `${where}unknown key '${k}'${hint}`, { key: true });
    });
  }
  if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
    const parent = path.slice(0, -1);
    const key = path[path.length - 1];
    return [file.problem(parent, `${parent.length ? parent.join('.') + ': ' : ''}missing required key '${String(key)}'`)];
  }
  // A schema's own message for a wrong type (it says the form to write) wins over the generic one.
  if (issue.code === 'invalid_type' && !issue.message.startsWith('Invalid input')) {
    return [file.problem(path, `${where}${issue.message}`)];
  }
  if (issue.code === 'invalid_type') {
    const got = describeValue(valueAt(data, path));
    return [file.problem(path, `${where}expected ${issue.expected}, got ${got}`)];
  }
  if (issue.code === 'invalid_union') {
    const value = valueAt(data, path);
    return [file.problem(path, `${where}${describeUnionProblem(value)}`)];
  }
  return [file.problem(path, `${where}${issue.message}`)];
}

function describeUnionProblem(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return `not one of the accepted forms (keys given: ${Object.keys(value).join(', ') || 'none'})`;
  }
  return `not one of the accepted forms (got ${describeValue(value)})`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

function valueAt(data: unknown, path: readonly PathPart[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p as string];
  }
  return v;
}

/** Keys that the object schema at `path` accepts, found by walking the zod schema. */
function knownKeys(schema: z.ZodType, path: readonly PathPart[]): string[] {
  let s: unknown = schema;
  for (const part of [...path, null]) {
    s = unwrap(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (part === null) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    if (def.type === 'object') s = (def.shape as Record<string, unknown>)[part as string];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
  }
  return [];
}

function unwrap(s: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const def = (s as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return s;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') {
      s = def.innerType;
    } else if (def.type === 'pipe') {
      s = def.in;
    } else return s;
  }
  return s;
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = formatProblem(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
