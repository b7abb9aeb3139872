// nfs-exports' nfs_cause (scripts/lib.sh) replaced nfs_why, whose English reason was pasted into
// the checks' sentences; each check now has one catalog message per cause. Run in sh (dash) with
// the real check.sh and lib.sh and a call as the checks make it: the learner must read, word for
// word, what the check said with nfs_why before.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckLine } from '../helpers/check-message.js';

const DIR = 'curricula/linux-ops/nfs-exports';

/** The FAIL_T line of check-ro.sh's first call, after a libnfs command printed OUT and exited RC. */
function roListFails(out: string, rc: number): { status: number | null; line: string; stderr: string } {
  const script = `. images/lab/lib/check.sh\n. ${DIR}/scripts/lib.sh\nnfs_out=$OUT\nnfs_rc=${rc}\n{ nfs_cause; fail_t "ro-list-fails$nfs_cause" line="$nfs_detail" rc="$nfs_rc"; }\n`;
  const r = spawnSync('sh', ['-eu', '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, OUT: out } });
  return { status: r.status, line: r.stdout.trim().split('\n').pop() ?? '', stderr: r.stderr };
}

const BEFORE = (why: string) => `web2 cannot list nfs:/srv/share as deploy (1001): ${why}; every LAN host may read`;
// libnfs's output, and the reason nfs_why gave for it.
const CASES: [string, number, string][] = [
  ['nfs_service failed: Connection refused', 1, 'nothing listens on port 2049: is ganesha.nfsd running on nfs? (pgrep -a ganesha; /var/log/ganesha/ganesha.log)'],
  ['Failed to mount: NFS4ERR_NOENT\nmore', 1, 'the server has no such export: is the Pseudo path of the EXPORT exactly the one asked for? (Failed to mount: NFS4ERR_NOENT)'],
  ['open: NFS4ERR_ACCESS', 1, 'the server refuses this client (open: NFS4ERR_ACCESS)'],
  ['NFS4ERR_GRACE', 1, 'the server is in its grace period, which refuses new opens for 90 s after a start: NFSV4 { Graceless = true; } in a lab'],
  ['write: NFS4ERR_ROFS', 1, 'the export is read-only for this client (write: NFS4ERR_ROFS)'],
  ['', 124, 'no answer within 8 s (exit 124)'],
  ['something else\nand more', 3, 'something else'],
];

describe('nfs-exports nfs_cause', () => {
  it.each(CASES)('%j: the same English as nfs_why gave, from a catalog key', (out, rc, why) => {
    const r = roListFails(out, rc);
    expect(r.status, r.stderr).toBe(1);
    expect(r.line).toMatch(/^FAIL_T: ro-list-fails-/);
    expect(readCheckLine(r.line, path.resolve(DIR))).toBe(BEFORE(why));
  });
});
