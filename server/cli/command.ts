// One declaration per command (its options, positionals and summary) makes both its parser
// (node:util parseArgs, strict) and its usage text, so the two cannot drift apart. Parsing is
// pure and happens before a command does anything: `--help` and a wrong argument never start,
// write or touch anything.
import { parseArgs } from 'node:util';
import { terminalSafe } from '../check/terminal-text.js';
import type { Settings } from '../config.js';

/** A wrong command line: `main` prints its message and the command's usage, and exits 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/** What a string option's value must be: the words for a good one, and its parser (undefined: not one). */
export interface ValueKind<T> {
  expected: string;
  parse: (raw: string) => T | undefined;
}

export interface StringOption<T = unknown> {
  type: 'string';
  description: string;
  /** The value's name in the usage: `--out DIR`. */
  value: string;
  short?: string;
  kind?: ValueKind<T>;
  /** Parsed like a given value; the usage shows it. */
  default?: string;
  /** A bad value is not echoed back (argv shows in `ps`, the terminal may be shared). */
  secret?: boolean;
}

export interface BooleanOption {
  type: 'boolean';
  description: string;
  short?: string;
}

export type OptionSpec = StringOption | BooleanOption;
export type OptionSpecs = Record<string, OptionSpec>;

export interface PositionalSpec {
  /** As the usage shows it: `EXERCISE`. */
  name: string;
  description: string;
  optional?: boolean;
  /** Takes every remaining argument (one at least, unless optional). Last only. */
  variadic?: boolean;
}

type ValueOf<S> = S extends BooleanOption
  ? boolean
  : S extends StringOption
    ? (S extends { kind: ValueKind<infer T> } ? T : string) | (S extends { default: string } ? never : undefined)
    : never;

/** The parsed options of a command: booleans, strings, or what their kind parses to. */
export type Values<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface Args<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
}

export interface LeafSpec<O extends OptionSpecs> {
  /** The full name: `lab up`. */
  name: string;
  /** One line, for the list of commands. */
  summary: string;
  /** More lines for its usage (what it does, its output, its exit codes). */
  details?: string;
  options: O;
  positionals?: readonly PositionalSpec[];
  /**
   * Synopsis lines after `opslab NAME`, when one generated from the declaration cannot say it
   * (two forms of one command). Every `--flag` in them must be declared (checked at definition).
   */
  forms?: readonly string[];
  /** Rules between options (`--live` takes no EXERCISE): a message is a usage error. */
  check?(args: Args<O>): string | undefined;
  run(props: { args: Args<O>; settings: Settings }): Promise<number>;
}

export interface Leaf<O extends OptionSpecs = OptionSpecs> extends LeafSpec<O> {
  kind: 'leaf';
}

export interface Group {
  kind: 'group';
  name: string;
  summary: string;
  details?: string;
  subcommands: readonly Command[];
}

// run and check are methods: a leaf of particular options is a Leaf of options in general.
export type Command = Leaf | Group;

const HELP: BooleanOption = { type: 'boolean', short: 'h', description: 'print this help and exit' };

export function defineCommand<const O extends OptionSpecs>(spec: LeafSpec<O>): Leaf<O> {
  const flags = new Set(Object.keys(spec.options));
  for (const form of spec.forms ?? []) {
    for (const [, flag] of form.matchAll(/--([a-z][a-z-]*)/g)) {
      if (!flags.has(flag!)) throw new Error(`opslab ${spec.name}: its usage names --${flag}, which it does not declare`);
    }
  }
  const positionals = spec.positionals ?? [];
  if (positionals.slice(0, -1).some((p) => p.variadic)) throw new Error(`opslab ${spec.name}: only the last positional may be variadic`);
  if ('help' in spec.options) throw new Error(`opslab ${spec.name}: --help is everyone's`);
  return { kind: 'leaf', ...spec };
}

export function defineGroup(props: Omit<Group, 'kind'>): Group {
  return { kind: 'group', ...props };
}

/** What a command line asks for: help, a usage error (with the usage of the command it names), or a run. */
export type Parsed =
  | { kind: 'help'; command: Command; usage: string }
  | { kind: 'error'; command: Command; message: string; usage: string }
  | { kind: 'run'; command: Leaf; args: Args<OptionSpecs> };

/** The command (or subcommand) `argv` names and its arguments; never throws for a wrong command line. */
export function parseCommand(command: Command, argv: readonly string[]): Parsed {
  if (command.kind === 'group') {
    const [sub, ...rest] = argv;
    const usage = usageOf(command);
    if (sub === undefined) return { kind: 'error', command, message: `missing a subcommand (${subNames(command)})`, usage };
    if (sub === '--help' || sub === '-h') return { kind: 'help', command, usage };
    const next = command.subcommands.find((c) => lastWord(c.name) === sub);
    if (!next) return { kind: 'error', command, message: `unknown subcommand '${sub}' (${subNames(command)})`, usage };
    return parseCommand(next, rest);
  }
  const usage = usageOf(command);
  // Help wins over every other mistake on the line: `opslab grade --bogus --help` shows the help.
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) return { kind: 'help', command, usage };
  try {
    return { kind: 'run', command, args: parseLeaf(command, argv) };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { kind: 'error', command, message: e.message, usage };
  }
}

function parseLeaf(command: Leaf, argv: readonly string[]): Args<OptionSpecs> {
  const options = Object.fromEntries(
    Object.entries({ ...command.options, help: HELP }).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(argumentProblem(e as Error & { code?: string }));
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(command.options)) {
    const raw = parsed.values[name];
    if (o.type === 'boolean') values[name] = raw === true;
    else values[name] = raw === undefined && o.default === undefined ? undefined : parseValue(name, o, String(raw ?? o.default));
  }
  const positionals = parsed.positionals;
  const specs = command.positionals ?? [];
  const required = specs.filter((p) => !p.optional);
  if (positionals.length < required.length) throw new UsageError(`missing ${required[positionals.length]!.name}`);
  const variadic = specs.at(-1)?.variadic;
  if (!variadic && positionals.length > specs.length) {
    throw new UsageError(`unexpected argument '${oneLine(positionals[specs.length]!)}'${specs.length ? '' : ' (it takes none)'}`);
  }
  const args = { values: values as Values<OptionSpecs>, positionals };
  const problem = command.check?.(args);
  if (problem) throw new UsageError(problem);
  return args;
}

function parseValue(name: string, o: StringOption, raw: string): unknown {
  if (!o.kind) return raw;
  const value = o.kind.parse(raw);
  if (value === undefined) {
    const got = o.secret ? `a value of ${raw.length} characters` : `'${oneLine(raw)}'`;
    throw new UsageError(`--${name}: expected ${o.kind.expected}, got ${got}`);
  }
  return value;
}

/** node:util's messages span lines and suggest `--`; ours are one line that names the flag. */
function argumentProblem(e: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(e.message)?.[1];
  const name = flag ? oneLine(flag) : undefined;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && name) return `unknown option '${name}'`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) {
    if (/does not take an argument/.test(e.message)) return `${name} takes no value`;
    if (/ambiguous/.test(e.message)) return `${name} needs a value (one that starts with '-' is written ${name}=-VALUE)`;
    return `${name} needs a value`;
  }
  return oneLine(e.message.split('\n')[0] ?? String(e));
}

/** Command-line text goes back to a terminal: one line, no control characters, bounded. */
function oneLine(text: string): string {
  const safe = terminalSafe(text, { oneLine: true });
  return safe.length > 80 ? `${safe.slice(0, 80)}…` : safe;
}

const lastWord = (name: string) => name.split(' ').at(-1)!;
const subNames = (g: Group) => g.subcommands.map((c) => lastWord(c.name)).join(', ');

function positionalSynopsis(p: PositionalSpec): string {
  const word = p.variadic ? `${p.name}...` : p.name;
  return p.optional ? `[${word}]` : word;
}

function optionLabel(name: string, o: OptionSpec): string {
  const long = o.type === 'string' ? `--${name} ${o.value}` : `--${name}`;
  return o.short ? `-${o.short}, ${long}` : long;
}

function optionText(o: OptionSpec): string {
  if (o.type === 'boolean') return o.description;
  // The words of a kind say it unless the value name already lists the choices (`auto|kvm|tcg`).
  const notes = [o.default !== undefined ? `default ${o.default}` : '', o.kind && o.kind !== text && !o.value.includes('|') ? o.kind.expected : ''].filter(Boolean);
  if (!notes.length) return o.description;
  return o.description.endsWith(')') ? `${o.description.slice(0, -1)}; ${notes.join('; ')})` : `${o.description} (${notes.join('; ')})`;
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(28, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([l, r]) => (l.length > width ? `  ${l}\n  ${' '.repeat(width)}  ${r}` : `  ${l.padEnd(width)}  ${r}`));
}

/** The synopsis lines of a command: `opslab lab up EXERCISE [options]`. */
export function synopsis(command: Command): string[] {
  if (command.kind === 'group') return [`opslab ${command.name} <${subNames(command).replaceAll(', ', '|')}> [options]`];
  if (command.forms) return command.forms.map((f) => `opslab ${command.name} ${f}`.trimEnd());
  const positionals = (command.positionals ?? []).map(positionalSynopsis);
  return [['opslab', command.name, '[options]', ...positionals].join(' ')];
}

/** The usage of a command, made from its declaration. */
export function usageOf(command: Command): string {
  const [first, ...more] = synopsis(command);
  const lines = [`usage: ${first}`, ...more.map((l) => `       ${l}`), '', command.summary];
  if (command.details) lines.push('', command.details);
  if (command.kind === 'group') {
    lines.push('', 'subcommands:', ...table(command.subcommands.map((c) => [[lastWord(c.name), ...(c.kind === 'leaf' ? (c.positionals ?? []).map(positionalSynopsis) : [])].join(' '), c.summary])));
    lines.push('', `\`opslab ${command.name} SUBCOMMAND --help\` shows a subcommand's options.`);
    return `${lines.join('\n')}\n`;
  }
  const positionals = command.positionals ?? [];
  if (positionals.length) lines.push('', 'arguments:', ...table(positionals.map((p) => [positionalSynopsis(p), p.description])));
  const options = Object.entries({ ...command.options, help: HELP }) as [string, OptionSpec][];
  lines.push('', 'options:', ...table(options.map(([name, o]) => [optionLabel(name, o), optionText(o)])));
  return `${lines.join('\n')}\n`;
}

// Kinds of values, with the words a usage error uses for them.

export function wholeNumber(min: number, max: number): ValueKind<number> {
  return {
    expected: `a whole number ${min}-${max}`,
    parse: (raw) => {
      if (!/^\d{1,15}$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= min && n <= max ? n : undefined;
    },
  };
}

export function oneOf<const V extends string>(values: readonly V[]): ValueKind<V> {
  return { expected: `one of ${values.join(', ')}`, parse: (raw) => values.find((v) => v === raw) };
}

/** Any value but an empty one. */
export const text: ValueKind<string> = { expected: 'a value', parse: (raw) => (raw.trim() === '' ? undefined : raw) };
