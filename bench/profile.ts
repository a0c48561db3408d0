/**
 * Summarizes V8 CPU profiles written by `tsx bench/run.ts --cpu-prof` (one per scenario worker,
 * in bench/.work/profiles/): self time per function, the hottest first, so the SDK owner sees
 * where the SDK's own cost goes. Profile one client at a time so its samples stand alone:
 *
 *   tsx bench/run.ts --only=stream-bulk --clients="deepseek-fetch core (src)" --cpu-prof
 *   tsx bench/profile.ts --filter=src/ --top=15           (newest profile)
 *   tsx bench/profile.ts bench/.work/profiles/<file>.cpuprofile
 *
 * `--filter` keeps functions whose repo-relative path starts with the text (`src/` for the
 * SDK's source, `dist/` for the build); percentages are of all sampled time, idle excluded.
 * Builtins such as `JSON.parse` and `TextDecoder.decode` count as self time of their caller.
 * Line numbers are shown when V8 has them (tsx-transformed modules report line 1 throughout).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { repoRoot } from './sdk';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { filter: { type: 'string' }, top: { type: 'string', default: '20' } },
});

/** The newest main-thread profile (`CPU.<date>.<time>.<pid>.0.<seq>`: thread 0; tsx's loader thread writes its own). */
function newestProfile(): string {
  const dir = `${repoRoot}bench/.work/profiles/`;
  const files = readdirSync(dir)
    .filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name))
    .map((name) => `${dir}${name}`)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no profiles in ${dir}: run tsx bench/run.ts --cpu-prof first`);
  return files[0]!;
}

const shortURL = (url: string): string => url.replace(`file://${repoRoot}`, '').replace(/^node:/, 'node:');

for (const path of positionals.length > 0 ? positionals : [newestProfile()]) {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id)!;
    const delta = profile.timeDeltas[index] ?? 0;
    if (frame.functionName === '(idle)') return;
    total += delta;
    const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
    const key = `${shortURL(frame.url) || '(native)'}:${frame.functionName || '(anonymous)'}${line}`;
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
  });
  const rows = [...selfMicros].filter(([key]) => !options.filter || key.startsWith(options.filter)).sort((a, b) => b[1] - a[1]);
  const shown = rows.reduce((sum, [, micros]) => sum + micros, 0);
  console.log(`${shortURL(`file://${path}`)}: ${(total / 1000).toFixed(0)} ms sampled (idle excluded)` +
    (options.filter ? `; functions matching ${JSON.stringify(options.filter)}: ${((100 * shown) / total).toFixed(1)}% self time` : ''));
  console.log('   self ms   self %   file:function:line');
  for (const [key, micros] of rows.slice(0, Number(options.top))) {
    console.log(`${(micros / 1000).toFixed(1).padStart(10)}  ${((100 * micros) / total).toFixed(1).padStart(6)}%   ${key}`);
  }
}
