// Images built on top of the lab image, one folder each under images/ (e.g. images/services:
// MariaDB, bind9, vsftpd). Their Dockerfile starts `ARG LAB_IMAGE` / `FROM ${LAB_IMAGE}`; the tag
// hashes the folder and the lab image tag, so a changed lab image rebuilds them too.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpslabError } from '../errors.js';
import { buildImage, type DockerClient, imageExists } from './docker.js';
import { cacheDir, withLock } from './host.js';
import { buildContext, ensureLabImage, isExecutable, labImageTag, listFiles, type ImageResult } from './images.js';
import type { EngineLog } from './types.js';

export const IMAGES_DIR = fileURLToPath(new URL('../../images/', import.meta.url));
/** Folders under images/ that are not derived images. */
const NOT_DERIVED = new Set(['base', 'lab', 'vm']);

export function derivedImageNames(): string[] {
  return readdirSync(IMAGES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_DERIVED.has(d.name) && existsSync(join(IMAGES_DIR, d.name, 'Dockerfile')))
    .map((d) => d.name)
    .sort();
}

export function derivedImageTag(name: string): string {
  const dir = join(IMAGES_DIR, name);
  const hash = createHash('sha256').update(`${labImageTag()}\0`);
  for (const file of listFiles(dir)) {
    const content = readFileSync(join(dir, file));
    hash.update(`${file}\0${isExecutable(join(dir, file)) ? 'x' : '-'}\0${content.length}\0`).update(content);
  }
  return `opslab/${name}:${hash.digest('hex').slice(0, 12)}`;
}

export async function ensureDerivedImage(props: { docker: DockerClient; name: string; log?: EngineLog }): Promise<ImageResult> {
  const { docker, name } = props;
  const log = props.log ?? (() => {});
  const tag = derivedImageTag(name);
  if (await imageExists(docker, tag)) return { tag, built: false };
  const lab = await ensureLabImage({ docker, log });
  const built = await withLock({ path: join(cacheDir(), `${name}.lock`), log }, async () => {
    if (await imageExists(docker, tag)) return false;
    log(`docker build images/${name} -t ${tag} (FROM ${lab.tag})`);
    await buildImage({
      docker,
      context: buildContext(join(IMAGES_DIR, name)) as unknown as NodeJS.ReadableStream,
      tag,
      buildargs: { LAB_IMAGE: lab.tag },
      labels: { 'opslab.image': name },
      log: (line) => log(`  ${line}`),
    });
    return true;
  });
  return { tag, built };
}

/** The image for a topology `image:` name on an engine; a derived image must have been built (`opslab engine up`). */
export async function findImage(props: { docker: DockerClient; name: string }): Promise<string> {
  const tag = derivedImageTag(props.name);
  if (await imageExists(props.docker, tag)) return tag;
  throw new OpslabError('IMAGE_MISSING', `The engine has no ${tag} (images/${props.name}). Run \`opslab engine up\`.`);
}
