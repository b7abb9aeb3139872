// What a fenced code block's info string says, for authors and for the page: its language and the
// lab host it is meant for. The convention (docs/authoring.md, "Commands the learner can run"):
//
//   ```sh @director        a shell block for the host `director`
//   ```@client             the same, without naming a language (a shell block)
//   ```console @rs1        a console session: `$ ` / `# ` prompts mark the commands
//   ```ini                 any other language: copied, never run
//
// The web app reads it to offer "Run" on shell blocks and to pick the terminal; `opslab validate`
// reads it to report a host the exercise's lab does not have. One parser, both sides.

/** Languages whose blocks are commands for a shell (no language at all counts too). */
export const SHELL_LANGS: ReadonlySet<string> = new Set(['', 'sh', 'bash', 'shell', 'console']);

/** A host mark: `@` and a host name as the topology spells them (schema: lower case, digits, dashes). */
const HOST_MARK = /^@([a-z][a-z0-9-]{0,30})$/;

export interface FenceInfo {
  /** The language word (lower case), '' when the fence names none. */
  lang: string;
  /** The lab host named with `@host`, when one is. */
  host?: string;
  /** A word starting with `@` that is no host name (`@Director`, `@`): a slip to report. */
  badMark?: string;
  /** Whether the block is commands for a shell (SHELL_LANGS). */
  shell: boolean;
}

/** Read a fence's info string (what follows ``` on its line). */
export function parseFenceInfo(info: string | undefined): FenceInfo {
  let lang = '';
  let host: string | undefined;
  let badMark: string | undefined;
  for (const word of (info ?? '').trim().split(/\s+/).filter(Boolean)) {
    if (word.startsWith('@')) {
      const m = HOST_MARK.exec(word);
      if (m && host === undefined) host = m[1];
      else badMark ??= word;
    } else if (!lang) {
      lang = word.toLowerCase();
    }
  }
  return { lang, host, badMark, shell: SHELL_LANGS.has(lang) };
}

/** A shell prompt at the start of a console line: `$ ` or `# ` (root). */
const PROMPT = /^\s*[$#](?:\s|$)/;

/**
 * What a block gives a terminal: a console block's commands without their `$ ` / `# ` prompts (lines
 * without one are output and left out, except the continuation lines of a command ending in `\`; a
 * console block with no prompt at all is taken whole); any other block as written, trailing blank
 * lines dropped.
 */
export function commandsOf(text: string, lang: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lang !== 'console' || !lines.some((l) => PROMPT.test(l))) return lines.join('\n');
  const commands: string[] = [];
  let continued = false; // the previous command line ended in a backslash: this line is part of it
  for (const line of lines) {
    if (continued) commands.push(line.replace(/^>\s?/, ''));
    else if (PROMPT.test(line)) commands.push(line.replace(PROMPT, ''));
    else continue;
    continued = /\\$/.test(commands[commands.length - 1]!);
  }
  return commands.join('\n');
}

