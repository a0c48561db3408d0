/**
 * The release commands work without prompts: a changeset is written from the command line,
 * and `release:version` turns pending changesets into a version bump and CHANGELOG.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
let scratch: string | undefined;

function scratchPackage(): string {
  scratch = mkdtempSync(join(tmpdir(), 'deepseek-fetch-release-'));
  cpSync(join(repo, 'package.json'), join(scratch, 'package.json'));
  cpSync(join(repo, '.changeset', 'config.json'), join(scratch, '.changeset', 'config.json'));
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'));
  return scratch;
}

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

test('npm run changeset -- <bump> "summary" writes a changeset without prompting', () => {
  const dir = scratchPackage();
  execFileSync(tsx, [join(repo, 'scripts', 'changeset.ts'), 'minor', 'Add a thing'], { cwd: dir, stdio: 'pipe' });
  const files = readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md'));
  expect(files).toHaveLength(1);
  expect(readFileSync(join(dir, '.changeset', files[0]!), 'utf8')).toBe('---\n"deepseek-fetch": minor\n---\n\nAdd a thing\n');
});

test('npm run changeset without arguments and without a terminal explains its usage and fails', () => {
  const dir = scratchPackage();
  const result = spawnSync(tsx, [join(repo, 'scripts', 'changeset.ts')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('usage: npm run changeset');
});

test('release:version bumps the version, writes CHANGELOG.md and consumes the changesets', () => {
  const dir = scratchPackage();
  const before = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  execFileSync(tsx, [join(repo, 'scripts', 'changeset.ts'), 'minor', 'Add streaming'], { cwd: dir, stdio: 'pipe' });
  execFileSync(tsx, [join(repo, 'scripts', 'changeset.ts'), 'patch', 'Fix a typo'], { cwd: dir, stdio: 'pipe' });
  execFileSync('npm', ['run', '--silent', 'release:version'], { cwd: dir, stdio: 'pipe' });
  const after = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const [major, minor] = before.version.split('.').map(Number);
  expect(after.version).toBe(`${major}.${minor! + 1}.0`);
  const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
  expect(changelog).toContain(`## ${after.version}`);
  expect(changelog).toContain('### Minor Changes\n\n- Add streaming');
  expect(changelog).toContain('### Patch Changes\n\n- Fix a typo');
  expect(readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md'))).toEqual([]);
});
