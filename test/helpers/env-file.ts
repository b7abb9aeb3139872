// Environment files as deploy/ ships them (systemd's EnvironmentFile, compose's env_file).

/** KEY=value lines of an environment file (comments and blank lines skipped). */
export function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
