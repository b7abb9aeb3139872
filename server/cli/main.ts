// `opslab <command>`: one small module per command, loaded only when used.
import { terminalSafe } from '../check/terminal-text.js';
type Command = { summary: string; run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'serve the web app and API', run: async (a) => (await import('./serve.js')).serveCommand(a) },
  validate: { summary: 'validate curriculum YAML, lessons and scripts', run: async (a) => (await import('./validate.js')).validateCommand(a) },
  schema: { summary: 'write curricula/schema/*.json from the curriculum schema', run: async (a) => (await import('./schema.js')).schemaCommand(a) },
  catalog: { summary: 'write docs/exercises.md: every exercise, its stage, hosts and kernel features', run: async (a) => (await import('./catalog.js')).catalogCommand(a) },
  setup: { summary: 'install and start what the platform needs (engine, images; --test: browser too)', run: async (a) => (await import('./setup.js')).setupCommand(a) },
  engine: { summary: 'engine up|status [--engine local|vm]', run: async (a) => (await import('./engine.js')).engineCommand(a) },
  doctor: { summary: 'what the engines can run (kernel features)', run: async (a) => (await import('./doctor.js')).doctorCommand(a) },
  vm: { summary: 'vm build|boot: the QEMU engine for IPVS labs', run: async (a) => (await import('./vm.js')).vmCommand(a) },
  lab: { summary: 'lab up EXERCISE | lab down LAB | lab ls', run: async (a) => (await import('./lab.js')).labCommand(a) },
  check: { summary: 'check LAB [--task T]: run the checks of a lab (JSON results)', run: async (a) => (await import('./check.js')).checkCommand(a) },
  grade: { summary: 'grade EXERCISE --submissions DIR [--concurrency N] [--out DIR] | grade --live [--cohort C]', run: async (a) => (await import('./grade.js')).gradeCommand(a) },
  selftest: { summary: 'selftest [EXERCISE...]: fresh lab fails every check, solve scripts pass them', run: async (a) => (await import('./selftest.js')).selftestCommand(a) },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  // Own keys only: `opslab constructor` is an unknown command, not Object.
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    process.stderr.write(`opslab: unknown command '${terminalSafe(name, { oneLine: true })}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(args);
  } catch (e) {
    const err = e as { code?: string; message?: string; details?: unknown };
    // Messages can carry text from labs, submissions or course files: never raw to a terminal.
    process.stderr.write(terminalSafe(`opslab ${name}: ${err.code ? `[${err.code}] ` : ''}${err.message ?? String(e)}`) + '\n');
    if (process.env.OPSLAB_DEBUG) console.error(e);
    return 1;
  }
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `usage: opslab <command> [options]\n\n${Object.entries(COMMANDS)
    .map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)
    .join('\n')}\n`;
}
