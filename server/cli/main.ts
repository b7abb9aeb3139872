// `opslab <command>`: one small module per command, loaded only when used. Each declares its
// options (server/cli/command.ts); here a command line is parsed before anything runs, the
// settings are read once, and errors become exit codes: 0 done, 1 failed, 2 a wrong command line
// or setting (README: "Exit codes").
import { terminalSafe } from '../check/terminal-text.js';
import { ConfigError, settings, type Settings } from '../config.js';
import { readFileSync } from 'node:fs';
import { type Command, parseCommand, UsageError, usageOf } from './command.js';

type Module = { command: Command };

// In the order `opslab --help` lists them.
const COMMANDS: Record<string, () => Promise<Module>> = {
  serve: () => import('./serve.js'),
  validate: () => import('./validate.js'),
  schema: () => import('./schema.js'),
  openapi: () => import('./openapi.js'),
  catalog: () => import('./catalog.js'),
  setup: () => import('./setup.js'),
  settings: () => import('./settings.js'),
  engine: () => import('./engine.js'),
  doctor: () => import('./doctor.js'),
  vm: () => import('./vm.js'),
  lab: () => import('./lab.js'),
  check: () => import('./check.js'),
  grade: () => import('./grade.js'),
  selftest: () => import('./selftest.js'),
  i18n: () => import('./i18n.js'),
};

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    err(await overview());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    out(await overview());
    return 0;
  }
  if (name === 'help') return help(rest);
  if (name === '--version' || name === '-V') {
    out(`opslab ${version()}\n`);
    return 0;
  }
  const command = await load(name);
  if (!command) {
    err(`opslab: unknown command '${terminalSafe(name, { oneLine: true })}'\n\n${await overview()}`);
    return 2;
  }
  return runCommand(command, rest);
}

/** Parses, then (only for a good command line) reads the settings and runs the command. */
export async function runCommand(command: Command, argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv);
  if (parsed.kind === 'help') {
    out(parsed.usage);
    return 0;
  }
  if (parsed.kind === 'error') {
    err(`opslab ${parsed.command.name}: ${parsed.message}\n\n${parsed.usage}`);
    return 2;
  }
  const leaf = parsed.command;
  let s: Settings | undefined;
  try {
    s = settings();
    return await leaf.run({ args: parsed.args, settings: s });
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`opslab ${leaf.name}: ${terminalSafe(e.message, { oneLine: true })}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      err(`opslab ${leaf.name}: ${terminalSafe(e.message, { oneLine: true })}\n\n${usageOf(leaf)}`);
      return 2;
    }
    const error = e as { code?: string; message?: string };
    // Messages can carry text from labs, submissions or course files: never raw to a terminal.
    err(terminalSafe(`opslab ${leaf.name}: ${error.code ? `[${error.code}] ` : ''}${error.message ?? String(e)}`) + '\n');
    if (s?.debug) console.error(e);
    return 1;
  }
}

/** `opslab help [COMMAND [SUBCOMMAND]]`. */
async function help(words: string[]): Promise<number> {
  if (words.length === 0) {
    out(await overview());
    return 0;
  }
  const [name, ...rest] = words;
  const command = await load(name!);
  if (!command) {
    err(`opslab help: unknown command '${terminalSafe(name!, { oneLine: true })}'\n\n${await overview()}`);
    return 2;
  }
  return runCommand(command, [...rest, '--help']);
}

async function load(name: string): Promise<Command | undefined> {
  // Own keys only: `opslab constructor` is an unknown command, not Object.
  return Object.hasOwn(COMMANDS, name) ? (await COMMANDS[name]!()).command : undefined;
}

/** Every command, in the order of the list (loads every module: for help and tests only). */
export function allCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMANDS).map(async (m) => (await m()).command));
}

/** Every command and its summary. */
async function overview(): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: opslab <command> [options]',
    '',
    ...lines,
    '',
    '`opslab help COMMAND` or `opslab COMMAND --help` shows its options; `opslab settings` the environment it reads; `opslab --version` the release.',
    '',
  ].join('\n');
}

/** package.json's version (CHANGELOG.md's newest release; test/config/version.test.ts keeps them equal). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
