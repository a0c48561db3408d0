/**
 * `npm run changeset -- <patch|minor|major> "summary"` writes a changeset without prompts
 * (for scripts, CI and agents). With no arguments in a terminal it opens the interactive
 * `changeset add`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = process.cwd(); // npm runs scripts from the package root
const [bump, ...words] = process.argv.slice(2);
const summary = words.join(' ').trim();

if (bump === undefined && process.stdin.isTTY) {
  const result = spawnSync('npx', ['changeset', 'add'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
if (!['patch', 'minor', 'major'].includes(bump ?? '') || summary === '') {
  console.error('usage: npm run changeset -- <patch|minor|major> "what changed, for the changelog"');
  process.exit(1);
}
const { name } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { name: string };
const slug = summary.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
const file = resolve(root, '.changeset', `${slug || 'change'}-${randomBytes(3).toString('hex')}.md`);
writeFileSync(file, `---\n"${name}": ${bump}\n---\n\n${summary}\n`);
console.log(`wrote ${file}`);
