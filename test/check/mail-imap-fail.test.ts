// mail-delivery's imap_fail (scripts/lib.sh) replaced imap_why, whose English reason was pasted
// into two sentences; it now prints one catalog key per context and cause. Run in sh (dash) with
// the real check.sh and lib.sh: the learner must read, word for word, what imap_why gave before.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckLine } from '../helpers/check-message.js';

const DIR = 'curricula/linux-ops/mail-delivery';

function imapFail(context: string, rc: number, out = ''): { status: number | null; line: string; stderr: string } {
  const script = `. images/lab/lib/check.sh\n. ${DIR}/scripts/lib.sh\nimap_rc=${rc}\nimap_out=$OUT\nimap_fail ${context}\n`;
  const r = spawnSync('sh', ['-eu', '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, MX_IP: '10.0.5.20', OUT: out } });
  return { status: r.status, line: r.stdout.trim().split('\n').pop() ?? '', stderr: r.stderr };
}

// The reasons imap_why printed, as the learner read them before the catalog.
const REASONS: [number, string][] = [
  [64, "mx offers no STARTTLS on IMAP, so a client would send bo's password in clear: Dovecot has ssl = no; keep ssl = yes (Debian's default, with its self-signed certificate) in /etc/dovecot/conf.d/10-ssl.conf"],
  [7, 'nothing answers IMAP on mx (10.0.5.20) port 143: is dovecot running there? (dovecot; doveadm log errors)'],
  [67, "mx refused the login of bo with the password opslab-mail: is that bo's password on mx (passwd bo)? (doveadm log errors says why)"],
  [28, 'IMAP on mx did not answer in time'],
  [35, 'curl exit 35: SSL connect error'],
];

describe('mail-delivery imap_fail', () => {
  it.each(REASONS)('rc %i: the same English as before, in both contexts, from a catalog key', (rc, reason) => {
    for (const [context, before] of [
      ['app', `app's Postfix handed the message to mx, but IMAP: ${reason}`],
      ['imap', `IMAP: ${reason}`],
    ] as const) {
      const r = imapFail(context, rc, 'SSL connect error\nsecond line');
      expect(r.status, r.stderr).toBe(1);
      expect(r.line).toMatch(/^FAIL_T: /);
      expect(readCheckLine(r.line, path.resolve(DIR))).toBe(before);
    }
  });

  it('an unknown context is the author’s error (exit 2), not the learner’s', () => {
    const r = imapFail('smtp', 7);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("imap_fail: unknown context 'smtp'");
  });
});
