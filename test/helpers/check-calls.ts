// How check scripts hand words to the learner, read from their source, for the catalog tests
// (test/curriculum/catalog-keys.test.ts). Two things are looked at:
// - the functions of the course library (lib/lvs.sh) that take message keys: what keys a call
//   makes them print, so that the caller's catalog can be checked;
// - English a script writes into an argument of fail_t/pass_t: the argument is put into a
//   translated message as it is, so a phrase there reaches a Chinese learner in English.

const KEY = /^[a-z0-9][a-z0-9._-]*$/;
const NAME_VALUE = /^[a-z_][a-z0-9_]*=/;

/** A key a library function prints for a call, with the {names} its message may use. */
export interface LibraryKey {
  key: string;
  args: string[];
}

/** The message keys lvs_in_service KEY prints (lib/lvs.sh), with the arguments each gets. */
const IN_SERVICE: Record<string, string[]> = {
  '-service-missing': ['svc'],
  '-service-missing-others': ['svc', 'others'],
  '-real-missing': ['name', 'ip', 'svc'],
  '-real-quiescent': ['name', 'ip', 'svc'],
  '-real-wrong-forward': ['name', 'ip', 'svc', 'f', 'fwd'],
};

/** Shell words of a line, quotes kept (enough for the calls looked at here: one line each). */
function words(line: string): string[] {
  return [...line.matchAll(/(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'])+/g)].map((m) => m[0]);
}

/**
 * The keys a call of vip_requests or lvs_in_service on this line prints, and the problems with
 * it: an argument in a key's place that is not a key (English words, say). Nothing for other lines.
 */
export function libraryKeys(line: string): { keys: LibraryKey[]; problems: string[] } {
  const keys: LibraryKey[] = [];
  const problems: string[] = [];
  if (/^\s*#/.test(line)) return { keys, problems };
  const w = words(line.replace(/\\$/, ''));
  const at = w.findIndex((x) => x === 'vip_requests' || x === 'lvs_in_service');
  if (at < 0) return { keys, problems };
  const fn = w[at];
  const rest = w.slice(at + 1).filter((x) => x !== '\\');
  if (fn === 'vip_requests') {
    // vip_requests N TIMEOUT_KEY [NO_ARP_KEY] [NAME=VALUE ...]
    const given = rest.slice(2).filter((x) => NAME_VALUE.test(x)).map((x) => x.slice(0, x.indexOf('=')));
    const named = rest.slice(1).filter((x) => !NAME_VALUE.test(x));
    if (named.length < 1 || named.length > 2) problems.push(`vip_requests takes one or two message keys, got ${named.length}`);
    named.forEach((key, i) => {
      if (!KEY.test(key)) problems.push(`vip_requests: ${key} is not a message key`);
      else keys.push({ key, args: ['i', 'n', 'vip', ...(i === 0 ? ['mac'] : []), ...given] });
    });
  } else {
    // lvs_in_service VIP:PORT FORWARD KEY
    const key = rest[2] ?? '';
    if (!KEY.test(key)) problems.push(`lvs_in_service: ${key || '(nothing)'} is not a message key`);
    else for (const [suffix, args] of Object.entries(IN_SERVICE)) keys.push({ key: key + suffix, args });
  }
  return { keys, problems };
}

/** What a script itself writes in an argument value: $VAR, ${VAR} and $(...) taken out, the default of ${VAR:-default} kept. */
export function literalOf(value: string): string {
  let v = value.replace(/^"|"$/g, '').replace(/^'|'$/g, '');
  // $(...), nested
  let out = '';
  for (let i = 0, depth = 0; i < v.length; i++) {
    if (v.startsWith('$(', i)) {
      depth++;
      i++;
    } else if (depth && v[i] === '(') depth++;
    else if (depth && v[i] === ')') depth--;
    else if (!depth) out += v[i];
  }
  v = out.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+=?])?/g, '').replace(/\}/g, '');
  return v.replace(/\$(?:[A-Za-z_][A-Za-z0-9_]*|[@#?*0-9])/g, '');
}

/**
 * The rule: what a script writes into a fail_t/pass_t argument is data, never words. Once $VAR,
 * ${VAR} and $(...) are taken out, what is left (a ${VAR:-default}'s default included) has no
 * lower-case word of two letters or more, except in code (a word followed by =, as a cookie or an
 * option sample) and no parenthesis. Upper-case words (MISS, HIT: what a program prints) and
 * numbers are data. Returns the arguments of the line that break it.
 */
export function wordsInArguments(line: string): string[] {
  if (/^\s*#/.test(line)) return [];
  const bad: string[] = [];
  for (const call of line.matchAll(/(?:^|[\s;&|(])(?:fail_t|pass_t)\s+("[^"]*"|[^\s;]+)(.*)$/g)) {
    for (const a of call[2]!.matchAll(/(?:^|\s)([a-z_][a-z0-9_]*)=("(?:[^"\\]|\\.|\$\((?:[^()]|\([^()]*\))*\))*"|'[^']*'|[^\s;|&]*)/g)) {
      const text = literalOf(a[2]!).replace(/[A-Za-z0-9_.-]+=\S*/g, '');
      if (/[a-z]{2}|[()]/.test(text)) bad.push(`${a[1]}=${a[2]}`);
    }
  }
  return bad;
}
