// The images labs run. There is no registry: debian:bookworm is made here with debootstrap
// (images/base/README.md), and opslab/lab is built from images/lab/ and tagged by its content.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';
import { OpslabError } from '../errors.js';
import { buildImage, type DockerClient, imageExists, imageId, importImage, tagImage } from './docker.js';
import { aptInstall, cacheDir, findExecutable, lastLines, runCommand, withLock } from './host.js';
import type { EngineLog } from './types.js';
import { settings } from '../config.js';

export const BASE_IMAGE = 'debian:bookworm';
export const LAB_REPO = 'opslab/lab';
export const LAB_IMAGE_LATEST = `${LAB_REPO}:latest`;
export const LAB_DIR = fileURLToPath(new URL('../../images/lab/', import.meta.url));
const fixBase = () => `Make it by hand: \`debootstrap --variant=minbase bookworm DIR ${settings().debianMirror} && tar -C DIR -c . | docker import - ${BASE_IMAGE}\` (see images/base/README.md).`;

export interface ImageResult {
  tag: string;
  /** False when the image was already there. */
  built: boolean;
}

// ---- base image: debian:bookworm ---------------------------------------------------------

/**
 * Makes `debian:bookworm` when the engine lacks it, from (first found) the cached tarball
 * `$OPSLAB_CACHE/debian-bookworm-minbase.tar`, a finished rootfs in `$OPSLAB_CACHE/bookworm-rootfs`,
 * or a fresh `debootstrap --variant=minbase` (installing debootstrap with apt if needed).
 */
export async function ensureBaseImage(props: { docker: DockerClient; log?: EngineLog }): Promise<ImageResult> {
  const { docker } = props;
  const log = props.log ?? (() => {});
  if (await imageExists(docker, BASE_IMAGE)) return { tag: BASE_IMAGE, built: false };
  const cache = cacheDir();
  return withLock({ path: join(cache, 'base.lock'), log }, async () => {
    if (await imageExists(docker, BASE_IMAGE)) return { tag: BASE_IMAGE, built: false };
    const tarball = await ensureRootfsTarball({ cache, log });
    log(`docker import ${tarball} ${BASE_IMAGE}`);
    await importTarball({ docker, tarball });
    return { tag: BASE_IMAGE, built: true };
  });
}

async function ensureRootfsTarball(props: { cache: string; log: EngineLog }): Promise<string> {
  const { cache, log } = props;
  const tarball = join(cache, 'debian-bookworm-minbase.tar');
  if (existsSync(tarball)) {
    log(`using the cached root filesystem ${tarball}`);
    return tarball;
  }
  const rootfs = join(cache, 'bookworm-rootfs');
  const reused = isFinishedRootfs(rootfs);
  if (reused) log(`using the cached root filesystem ${rootfs}`);
  else await debootstrap({ rootfs, log });
  log(`packing ${rootfs} into ${tarball}`);
  const partial = `${tarball}.partial`;
  // apt's downloaded .debs and package lists are dropped: images that need packages run apt-get update.
  const packed = await runCommand({
    cmd: 'tar',
    args: ['-C', rootfs, '--numeric-owner', '--exclude=./var/cache/apt/archives/*.deb', '--exclude=./var/cache/apt/*.bin',
      '--exclude=./var/lib/apt/lists/*', '-cf', partial, '.'],
  });
  if (packed.code !== 0) throw new OpslabError('IMAGE_MISSING', `tar of ${rootfs} failed: ${lastLines(packed.stderr, 3)}`);
  await rename(partial, tarball);
  if (!reused) await rm(rootfs, { recursive: true, force: true }); // the tarball is the cache
  return tarball;
}

/** debootstrap removes its /debootstrap work directory only when it finished. */
function isFinishedRootfs(dir: string): boolean {
  return existsSync(join(dir, 'etc/os-release')) && existsSync(join(dir, 'usr/bin/apt-get')) && !existsSync(join(dir, 'debootstrap'));
}

async function debootstrap(props: { rootfs: string; log: EngineLog }): Promise<void> {
  const { rootfs, log } = props;
  if (!findExecutable('debootstrap')) await aptInstall({ pkg: 'debootstrap', log, code: 'IMAGE_MISSING', fix: fixBase() });
  if (process.getuid?.() !== 0) throw new OpslabError('IMAGE_MISSING', `${BASE_IMAGE} is missing and debootstrap needs root. ${fixBase()}`);
  const partial = `${rootfs}.partial`;
  await rm(partial, { recursive: true, force: true });
  log(`debootstrap --variant=minbase bookworm ${partial} ${settings().debianMirror}`);
  let lines = 0;
  const result = await runCommand({
    cmd: 'debootstrap',
    args: ['--variant=minbase', 'bookworm', partial, settings().debianMirror],
    onLine: (line) => {
      // I: Retrieving / Validating / Extracting ... one line per package: show every 25th
      if (!/^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) /.test(line) || lines++ % 25 === 0) log(`  ${line}`);
    },
  });
  if (result.code !== 0) {
    throw new OpslabError('IMAGE_MISSING', `debootstrap failed (${result.code}): ${lastLines(result.stderr || result.stdout, 5)}. ${fixBase()}`);
  }
  await rm(rootfs, { recursive: true, force: true });
  await rename(partial, rootfs);
}

async function importTarball(props: { docker: DockerClient; tarball: string }): Promise<void> {
  const [repo, tag] = BASE_IMAGE.split(':');
  const size = (await stat(props.tarball)).size;
  await importImage({
    docker: props.docker,
    tarball: createReadStream(props.tarball),
    repo: repo!,
    tag: tag!,
    changes: ['CMD ["bash"]', 'ENV LANG=C.UTF-8'],
    message: `opslab: debootstrap --variant=minbase bookworm (${Math.round(size / 1e6)} MB)`,
  });
  if (!(await imageExists(props.docker, BASE_IMAGE))) throw new OpslabError('IMAGE_MISSING', `docker import did not produce ${BASE_IMAGE}. ${fixBase()}`);
}

// ---- lab image: opslab/lab ---------------------------------------------------------------

/** Every file under `dir` (relative posix paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export const isExecutable = (file: string) => (statSync(file).mode & 0o111) !== 0;

/** `opslab/lab:<first 12 hex of sha256 over every file's path, exec bit and content>`; no Docker. */
export function labImageTag(props: { dir?: string } = {}): string {
  const dir = props.dir ?? LAB_DIR;
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    const content = readFileSync(join(dir, file));
    hash.update(`${file}\0${isExecutable(join(dir, file)) ? 'x' : '-'}\0${content.length}\0`);
    hash.update(content);
  }
  return `${LAB_REPO}:${hash.digest('hex').slice(0, 12)}`;
}

/** The build context: the folder as a tar with fixed owners, modes and times (reproducible). */
export function buildContext(dir: string): tar.Pack {
  const pack = tar.pack();
  for (const file of listFiles(dir)) {
    const full = join(dir, file);
    pack.entry({ name: file, mode: isExecutable(full) ? 0o755 : 0o644, mtime: new Date(0), uid: 0, gid: 0 }, readFileSync(full));
  }
  pack.finalize();
  return pack;
}

/**
 * Builds images/lab/ as `opslab/lab:<content hash>` unless that tag exists, and points
 * `opslab/lab:latest` at it (unless `latest: false`). Makes the base image first if needed.
 * Build output goes to `log`, one line at a time.
 */
export async function ensureLabImage(props: { docker: DockerClient; log?: EngineLog; dir?: string; latest?: boolean }): Promise<ImageResult> {
  const { docker, latest = true } = props;
  const log = props.log ?? (() => {});
  const dir = props.dir ?? LAB_DIR;
  const tag = labImageTag({ dir });
  let built = false;
  if (!(await imageExists(docker, tag))) {
    await ensureBaseImage({ docker, log });
    built = await withLock({ path: join(cacheDir(), 'lab.lock'), log }, async () => {
      if (await imageExists(docker, tag)) return false;
      await buildLabImage({ docker, log, dir, tag });
      return true;
    });
  }
  if (latest) await tagLatest({ docker, tag });
  return { tag, built };
}

async function buildLabImage(props: { docker: DockerClient; log: EngineLog; dir: string; tag: string }): Promise<void> {
  const { docker, log, dir, tag } = props;
  log(`docker build ${dir} -t ${tag}`);
  await buildImage({
    docker,
    context: buildContext(dir) as unknown as NodeJS.ReadableStream,
    tag,
    labels: { 'opslab.image': 'lab', 'opslab.content-hash': tag.split(':')[1]! },
    log: (line) => log(`  ${line}`),
  });
}

async function tagLatest(props: { docker: DockerClient; tag: string }): Promise<void> {
  const { docker, tag } = props;
  const [want, have] = await Promise.all([imageId(docker, tag), imageId(docker, LAB_IMAGE_LATEST)]);
  if (have !== want) await tagImage(docker, { source: tag, repo: LAB_REPO, tag: 'latest' });
}

/** The lab image to run: the one matching images/lab/ if built, else opslab/lab:latest. */
export async function findLabImage(props: { docker: DockerClient }): Promise<string> {
  const tag = existsSync(LAB_DIR) ? labImageTag() : LAB_IMAGE_LATEST;
  if (await imageExists(props.docker, tag)) return tag;
  if (await imageExists(props.docker, LAB_IMAGE_LATEST)) return LAB_IMAGE_LATEST;
  throw new OpslabError('IMAGE_MISSING', `The engine has no ${LAB_REPO} image. Run \`opslab engine up\`.`);
}
