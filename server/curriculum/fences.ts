// Code blocks that name a lab host (```sh @director, shared/code-fence.ts): the learner's Run button
// types them into that host's terminal, so a host the lab does not have is an author's slip that
// `opslab validate` reports, at the mark.
import { parseFenceInfo, readBlock, SHELL_LANGS, type FenceInfo } from '../../shared/code-fence.js';
import { didYouMean } from './yaml.js';

export interface Fence {
  info: FenceInfo;
  /** 1-based line of the opening fence in the text. */
  line: number;
  /** 1-based column of the first `@` mark on it (of the fence when it has none). */
  col: number;
  /** The block's lines. */
  body: string;
}

/** An opening fence: up to three spaces (more inside list items), three or more ` or ~, the info string. */
const OPEN = /^(\s*)(`{3,}|~{3,})(.*)$/;

/**
 * The fenced code blocks of a Markdown text, with their info strings (CommonMark's rules, simplified:
 * a fence closes at a line of at least as many of the same character and nothing else; a backtick
 * fence's info string has no backtick).
 */
export function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  let open: { char: string; length: number; body: string[] } | undefined;
  text.split('\n').forEach((lineText, i) => {
    const m = OPEN.exec(lineText);
    if (open) {
      if (m && m[2]![0] === open.char && m[2]!.length >= open.length && !m[3]!.trim()) {
        fences[fences.length - 1]!.body = open.body.join('\n');
        open = undefined;
      } else open.body.push(lineText);
      return;
    }
    if (!m || (m[2]![0] === '`' && m[3]!.includes('`'))) return;
    open = { char: m[2]![0]!, length: m[2]!.length, body: [] };
    const info = m[3]!;
    const at = info.indexOf('@');
    const col = at >= 0 ? m[1]!.length + m[2]!.length + at + 1 : m[1]!.length + 1;
    fences.push({ info: parseFenceInfo(info), line: i + 1, col, body: '' });
  });
  if (open) fences[fences.length - 1]!.body = open.body.join('\n'); // unclosed: runs to the end
  return fences;
}

/** What is wrong with a fence's host mark, given the lab's hosts (none: the exercise has no lab). */
export function fenceHostProblem(fence: Fence, hosts: ReadonlySet<string> | undefined): string | undefined {
  const { info } = fence;
  if (info.badMark) return `'${info.badMark}' is not a host mark: write @ and a host name as the topology spells it (\`\`\`sh @director)`;
  if (!info.host) return undefined;
  if (!hosts) return `code block for host '${info.host}', but the exercise has no lab`;
  if (!hosts.has(info.host)) {
    const guess = didYouMean(info.host, [...hosts]);
    return `code block for host '${info.host}', which is not in the lab topology${guess ? ` (did you mean '${guess}'?)` : ` (hosts: ${[...hosts].join(', ')})`}`;
  }
  if (!SHELL_LANGS.has(info.lang)) return `code block for host '${info.host}' is '${info.lang}', which is not run: only sh, bash, shell, console or no language can be`;
  const others = readBlock(fence.body, info).promptHosts.filter((h) => h !== info.host && hosts.has(h));
  if (others.length) return `code block for host '${info.host}' has prompts of ${others.map((h) => `'${h}'`).join(', ')}: Run types every command into ${info.host}'s terminal; split the block per host`;
  return undefined;
}
