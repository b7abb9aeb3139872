// Grading submissions of mail-delivery and nfs-exports that the checks once judged wrongly: a
// correct mail server set up another valid way (refused before), and broken ones that passed or
// failed for the wrong reason. Each gets its right verdict and a message naming the mistake.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Graded, gradeAll, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import type { LabManager } from '../../server/lab/manager.js';
import { testLabManager } from '../helpers/engine.js';

// mx done another valid way: $mydomain for lab.test, a comma in mynetworks and, in the correct
// submission, Dovecot's Maildir named by the user's name (%n) instead of ~.
const mx = (o: { mynetworks?: string; location?: string; dovecot?: string } = {}) => `set -eu
useradd -m -s /bin/bash bo
echo 'bo:opslab-mail' | chpasswd
postconf -e 'mydestination = $myhostname, $mydomain, localhost' "mynetworks = ${o.mynetworks ?? '127.0.0.0/8, $LAN_SUBNET'}" 'home_mailbox = Maildir/'
postfix reload
sed -i 's|^mail_location = .*|mail_location = ${o.location ?? 'maildir:~/Maildir'}|' /etc/dovecot/conf.d/10-mail.conf
${o.dovecot ?? ''}
dovecot
for _ in $(seq 25); do ss -Hltn 'sport = :143' | grep -q . && break; sleep 0.2; done
`;
// app sends everything to mx (a smarthost) rather than through a transport map.
const app = (mydestination = '$myhostname, localhost') => `set -eu
postconf -e "relayhost = [$MX_IP]" 'myhostname = app.lab.test' 'mydestination = ${mydestination}'
service postfix start
`;
const CLEARTEXT_AUTH = "sed -i 's/^#disable_plaintext_auth = yes/disable_plaintext_auth = no/' /etc/dovecot/conf.d/10-auth.conf";
const PLAINTEXT = `sed -i 's/^ssl = yes/ssl = no/' /etc/dovecot/conf.d/10-ssl.conf
${CLEARTEXT_AUTH}`;

// nfs: /srv/share squashes everyone, not only root.
const NFS_ALL_SQUASH = `set -eu
cat > /etc/ganesha/ganesha.conf <<CONF
NFS_CORE_PARAM { Protocols = 4; Enable_RQUOTA = false; }
NFSV4 { Graceless = true; Only_Numeric_Owners = true; }
MEM { Inode_Size = 65536; }
EXPORT {
    Export_Id = 1; Path = /srv/share; Pseudo = /srv/share; Access_Type = None;
    Squash = all_squash; Anonymous_Uid = 65534; Anonymous_Gid = 65534;
    FSAL { Name = MEM; }
    CLIENT { Clients = $WEB1_IP; Access_Type = RW; }
    CLIENT { Clients = $LAN_SUBNET; Access_Type = RO; }
}
CONF
ganesha.nfsd -f /etc/ganesha/ganesha.conf -L /var/log/ganesha/ganesha.log
for _ in $(seq 50); do ss -Hltn 'sport = :2049' | grep -q . && break; sleep 0.2; done
`;

interface Case {
  exercise: string;
  files: Record<string, string>;
  verdict: 'pass' | 'fail';
  /** A check's failure message must match this. */
  failing?: RegExp;
}
const CASES: Record<string, Case> = {
  'mail-correct-other-way': { exercise: 'mail-delivery', files: { 'mx.sh': mx({ location: 'maildir:/home/%n/Maildir' }), 'app.sh': app() }, verdict: 'pass' },
  'mail-tls-off': { exercise: 'mail-delivery', files: { 'mx.sh': mx({ dovecot: PLAINTEXT }), 'app.sh': app() }, verdict: 'fail', failing: /no STARTTLS.*ssl = no/ },
  'mail-cleartext-auth': { exercise: 'mail-delivery', files: { 'mx.sh': mx({ dovecot: CLEARTEXT_AUTH }), 'app.sh': app() }, verdict: 'fail', failing: /without TLS.*disable_plaintext_auth = no/ },
  'mail-app-local': { exercise: 'mail-delivery', files: { 'mx.sh': mx(), 'app.sh': app('$myhostname, lab.test, localhost') }, verdict: 'fail', failing: /relay=local.*lab\.test is in app's mydestination/ },
  'mail-lan-no-relay': { exercise: 'mail-delivery', files: { 'mx.sh': mx({ mynetworks: '127.0.0.0/8' }), 'app.sh': app() }, verdict: 'fail', failing: /refuses to relay for app.*mynetworks/ },
  'nfs-all-squash': { exercise: 'nfs-exports', files: { 'nfs.sh': NFS_ALL_SQUASH }, verdict: 'fail', failing: /deploy's file in \/srv\/share belongs to nobody.*all_squash/ },
};

describe('grading mail-delivery and nfs-exports submissions the checks once misjudged', () => {
  let labs: LabManager;
  let dir: string;
  const { curriculum } = loadCurriculum('curricula');
  beforeAll(async () => {
    ({ labs } = await testLabManager({ curriculumDir: 'curricula' }));
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-mail-nfs-subs-'));
    for (const [kind, c] of Object.entries(CASES)) {
      const sub = path.join(dir, c.exercise, kind);
      mkdirSync(sub, { recursive: true });
      for (const [f, text] of Object.entries(c.files)) writeFileSync(path.join(sub, f), text);
    }
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('gives every submission its verdict, naming the mistake', { timeout: 600_000 }, async () => {
    // Both exercises' labs at once: 3 at a time in all.
    const graded: Graded[] = (
      await Promise.all(
        [
          ['mail-delivery', 2],
          ['nfs-exports', 1],
        ].map(([id, concurrency]) => {
          const ex = curriculum.exercises.get(id as string)!;
          const submissions = readSubmissions({ dir: path.join(dir, id as string), hosts: ex.lab!.hosts.map((h) => h.name) });
          return gradeAll({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), submissions, concurrency: concurrency as number });
        }),
      )
    ).flat();
    expect(graded).toHaveLength(Object.keys(CASES).length);
    const wrong: string[] = [];
    for (const g of graded) {
      const want = CASES[g.submission]!;
      const problems = g.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${t.message}`);
      const right =
        g.results.status === want.verdict && !g.results.tests.some((t) => t.status === 'error') && (!want.failing || problems.some((p) => want.failing!.test(p)));
      if (!right) wrong.push(`${g.submission} (want ${want.verdict}${want.failing ? ` naming ${want.failing}` : ''}): ${g.results.status}: ${problems.join(' | ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
