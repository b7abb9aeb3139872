// What a fenced code block says, for authors and for the page: its language, the lab host it is meant
// for, and the commands in it. The convention (docs/authoring.md, "Commands the learner can run"):
//
//   ```sh @director        a script for the host `director`, run as written
//   ```console @rs1        a transcript: the lines after a prompt (`$ `, `# `, `rs1# `) are the commands
//   ```                    no language: a transcript when it has prompts, else not run (a diagram)
//   ```@client             no language, a host: commands for client
//   ```ini                 any other language: copied, never run
//
// A transcript whose prompts all name one host (`director# ipvsadm -Ln`) runs there without a mark.
// The web app reads this to offer Run and pick the terminal; `opslab validate` to report a host the
// exercise's lab does not have. One reader, both sides.

/** Languages whose blocks may be run (no language at all counts, for a transcript or a marked block). */
export const SHELL_LANGS: ReadonlySet<string> = new Set(['', 'sh', 'bash', 'shell', 'console']);

/** A lab host's (or network's) name as a topology spells it: the curriculum's schema checks it with this. */
export const TOPOLOGY_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Whether `s` is a host name as the topology spells them (a fence's `@host`, the page's `data-host`). */
export const isHostName = (s: string): boolean => TOPOLOGY_NAME.test(s);

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
      const name = word.slice(1);
      if (isHostName(name) && host === undefined) host = name;
      else badMark ??= word;
    } else if (!lang) {
      lang = word.toLowerCase();
    }
  }
  return { lang, host, badMark, shell: SHELL_LANGS.has(lang) };
}

/** Languages whose blocks are a script, run as written. */
const SCRIPT_LANGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

/**
 * A prompt at the start of a transcript line: `$ `, `# ` (root), or one naming where it runs:
 * `director# `, `client$ `, `root@rs1:~# `. The name is group 1.
 */
const PROMPT = /^\s*([A-Za-z_][\w.@:~/-]*)?[$#](?:\s|$)/;

/** The host a prompt names: `root@rs1:~` → rs1, `director` → director. */
function hostOfPrompt(name: string): string {
  return name.replace(/^[^@]*@/, '').replace(/:.*$/, '');
}

export interface BlockCommands {
  /** What Copy and Run take: a transcript's commands (no prompts, no output), else the text as written. */
  text: string;
  /** Whether a shell can run it: Run is offered. */
  runnable: boolean;
  /** The hosts its prompts name (`director# ...`), first seen first: where a transcript runs. */
  promptHosts: string[];
}

/**
 * What a code block gives a terminal. `sh`, `bash`, `shell`: the script as written. `console`, and a
 * block with no language: a transcript, whose prompted lines are the commands (prompts removed, output
 * lines left out; a command ending in `\`, or followed by `> ` lines, keeps its continuation lines). A bare `# ` is a root prompt
 * only in a console block whose prompts name no host; elsewhere it starts a comment. A console block
 * without prompts is taken whole; a block with no language and no prompt (a diagram, a config file)
 * is not run unless its fence names a host. Other languages are copied as written and never run.
 * Trailing blank lines go.
 */
export function readBlock(text: string, info: Pick<FenceInfo, 'lang' | 'host'>): BlockCommands {
  const lines = text.trimEnd().split('\n'); // not replace(/\s+$/): that is quadratic in a run of blanks
  const whole = lines.join('\n');
  if (SCRIPT_LANGS.has(info.lang)) return { text: whole, runnable: true, promptHosts: [] };
  if (info.lang !== 'console' && info.lang !== '') return { text: whole, runnable: false, promptHosts: [] };
  const found = lines.map((l) => PROMPT.exec(l));
  const named = found.some((m) => m?.[1]);
  // A bare `# ` is a root prompt in a console block that names no host; otherwise (in a block with no
  // language, or beside `director# ` prompts) it starts a comment, as in a config file.
  const rootPrompts = info.lang === 'console' && !named;
  const prompts = found.map((m, i) => (m && (m[1] || rootPrompts || !lines[i]!.trimStart().startsWith('#')) ? m : null));
  const commands: string[] = [];
  const hosts = new Set<string>();
  let inCommand = false; // the line before was a command (or part of one)
  lines.forEach((line, i) => {
    const m = prompts[i];
    const last = commands[commands.length - 1];
    // A continuation: after a command ending in `\`, or a line of the shell's `> ` prompt (PS2: the
    // rest of a `for ...; do`) after a command.
    if (inCommand && (/\\$/.test(last!) || /^\s*>(\s|$)/.test(line))) commands.push(line.replace(/^\s*>\s?/, ''));
    else if (m) {
      commands.push(line.slice(m[0].length));
      if (m[1]) hosts.add(hostOfPrompt(m[1]));
    } else {
      inCommand = false; // output
      return;
    }
    inCommand = true;
  });
  if (commands.length > 0) return { text: commands.join('\n'), runnable: true, promptHosts: [...hosts] };
  return { text: whole, runnable: info.lang === 'console' || info.host !== undefined, promptHosts: [] };
}
