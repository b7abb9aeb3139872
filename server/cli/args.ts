// Tiny argument parsing for the CLI: --flag, --key value, --key=value, positionals.
export interface Args {
  positional: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--') && VALUE_FLAGS.has(a.slice(2))) flags[a.slice(2)] = argv[++i]!;
    else flags[a.slice(2)] = true;
  }
  return { positional, flags };
}

const VALUE_FLAGS = new Set(['engine', 'curriculum', 'port', 'host', 'learner', 'task', 'submissions', 'concurrency', 'data', 'out', 'cohort', 'format']);

export function flagString(args: Args, name: string, fallback?: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : fallback;
}
