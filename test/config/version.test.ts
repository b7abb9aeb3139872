// The version moves with releases: package.json's version is CHANGELOG.md's newest release, and
// `opslab --version` says it.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { main, version } from '../../server/cli/main.js';

describe('version', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; license: string };

  it("is CHANGELOG.md's newest release", () => {
    const newest = readFileSync('CHANGELOG.md', 'utf8').match(/^## (\d+\.\d+\.\d+)\b/m)?.[1];
    expect(newest).toBe(pkg.version);
    expect(version()).toBe(pkg.version);
  });

  it('is what opslab --version prints', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--version'])).toBe(0);
      expect(write).toHaveBeenCalledWith(`opslab ${pkg.version}\n`);
    } finally {
      write.mockRestore();
    }
  });

  it('has a LICENSE of the kind package.json names', () => {
    expect(readFileSync('LICENSE', 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
  });
});
