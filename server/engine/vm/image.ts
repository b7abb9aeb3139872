// The kernel VM image: built by images/vm/build.sh (Debian packages only) and cached under
// $OPSLAB_CACHE/vm/<content hash>/. This module runs the recipe and reads what it made.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpslabError } from '../../errors.js';
import { lastLines, runCommand } from '../host.js';
import { type DockerClient, imageExists, socketPathOf } from '../docker.js';
import { ensureLabImage, LAB_IMAGE_LATEST } from '../images.js';
import type { EngineLog } from '../types.js';

export const VM_RECIPE_DIR = fileURLToPath(new URL('../../../images/vm/', import.meta.url));
const BUILD_SCRIPT = join(VM_RECIPE_DIR, 'build.sh');

/** manifest.json of a built image (written by build.sh). */
export interface VmManifest {
  hash: string;
  kernelPackage: string;
  kernelVersion: string;
  kernelRelease: string;
  kernel: string;
  initrd: string;
  disk: string;
  diskFormat: 'raw' | 'qcow2';
  /** The guest's dockerd port on its own address (10.0.2.15). */
  dockerPort: number;
  /** The guest's dockerd speaks TLS with per-boot client certificates (fw_cfg) and beats its heartbeat. */
  dockerTls?: boolean;
  images: { ref: string; id: string }[];
  /** How the images got into the guest: `chroot` (at build time, natively) or `boot`. */
  preload: 'chroot' | 'boot';
  builtAt: string;
  buildSeconds: number;
}

export function readVmManifest(dir: string): VmManifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new OpslabError('IMAGE_MISSING', `No VM image in ${dir} (no manifest.json). Run \`opslab vm build\`.`);
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as VmManifest;
  if (manifest.dockerTls !== true) {
    throw new OpslabError('IMAGE_MISSING', `The VM image in ${dir} comes from an older recipe (its Docker API has no TLS, its guest no heartbeat). Run \`opslab vm build\`.`);
  }
  for (const key of ['kernel', 'initrd', 'disk'] as const) {
    if (!existsSync(join(dir, manifest[key]))) {
      throw new OpslabError('IMAGE_MISSING', `The VM image in ${dir} lacks ${manifest[key]}. Run \`opslab vm build\`.`);
    }
  }
  return manifest;
}

/**
 * Builds the VM image with these host-engine images preloaded into the guest's Docker, or
 * finds it in the cache (the build script decides by content hash). Progress lines go to `log`:
 * `[vm-build] phase NAME: ...` and `[vm-build] phase NAME done in S s`.
 */
export async function ensureVmImage(props: { docker: DockerClient; images: string[]; log: EngineLog }): Promise<{ dir: string }> {
  const { docker, images, log } = props;
  for (const ref of images) {
    if (!(await imageExists(docker, ref))) {
      throw new OpslabError('IMAGE_MISSING', `Image ${ref} is not on the host engine, so it cannot be preloaded into the VM. Run \`opslab setup\`.`);
    }
  }
  const socketPath = socketPathOf(docker);
  const env = socketPath ? { DOCKER_HOST: `unix://${socketPath}` } : {};
  const result = await runCommand({ cmd: BUILD_SCRIPT, args: images, env, onLine: log });
  const dir = /^OPSLAB_VM_DIR=(.+)$/m.exec(result.stdout)?.[1]?.trim();
  if (result.code !== 0 || !dir) {
    throw new OpslabError('IMAGE_MISSING', `Building the VM image failed (images/vm/build.sh exited ${result.code}): ${lastLines(result.stderr, 8)}`, {
      details: { stderr: lastLines(result.stderr, 40) },
    });
  }
  readVmManifest(dir);
  return { dir };
}

/**
 * The VM image the platform uses, built with `docker` (the host's engine): the lab image built
 * (ensureLabImage), and both its content tag and opslab/lab:latest preloaded into the guest.
 */
export async function ensureLabVmImage(props: { docker: DockerClient; log: EngineLog }): Promise<{ dir: string; images: string[] }> {
  const { docker, log } = props;
  const lab = await ensureLabImage({ docker, log });
  const images = lab.tag === LAB_IMAGE_LATEST ? [lab.tag] : [lab.tag, LAB_IMAGE_LATEST];
  const { dir } = await ensureVmImage({ docker, images, log });
  return { dir, images };
}
