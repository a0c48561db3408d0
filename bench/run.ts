/**
 * The benchmark: deepseek-fetch side by side with a hand-written floor, openai and
 * eventsource-parser, against a loopback DeepSeek emulator.
 *
 *   tsx bench/run.ts                   full run (about 8 minutes on this 2-core machine)
 *   tsx bench/run.ts --quick           smoke run: every client and scenario, smaller sizes
 *   <node> --import tsx bench/run.ts   the same on any node binary (children use it too)
 *
 * Options: --only=stream-bulk,json-seq (scenario ids)  --clients=floor,openai (names as in the
 * table; `deepseek-fetch` selects its four rows, `deepseek-fetch (dist)` the two of one build)
 * --cpu-prof (workers write V8 CPU profiles to bench/.work/profiles; see bench/profile.ts).
 *
 * Prints the table to stdout, writes bench/results/<date>-node-<version>[-quick][-partial].json,
 * renders its chart with bench/chart.ts after a full run, and exits 1 if any client returned
 * wrong output.
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureBundles } from './bundle';
import { availableClientNames, deadlineName, floorName, sdkRow, selectClients } from './clients';
import { measureColdImports } from './cold-import';
import type { EmulatorCommand, EmulatorMessage } from './emulator';
import { measureMemory } from './memory';
import { fullPlan, quickPlan } from './plan';
import { firstMessage, runChild, runScript, startChild } from './processes';
import { buildResults, section, writeResults, type LoadAverage, type SectionResult } from './report';
import type { Failure, Samples } from './rounds';
import { scenarioById, scenarios } from './scenarios';
import { repoRoot } from './sdk';
import { formatTable } from './table';
import { measureUploadMemory, uploadScenarioId } from './upload-memory';
import type { WorkerJob, WorkerReport } from './worker';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    clients: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});

const plan = options.quick ? quickPlan : fullPlan;
// Reference rows may be picked alone too (e.g. to profile `floor + deadline`).
const clients = options.clients ? selectClients(options.clients.split(',')) : availableClientNames();
const onlyIds = options.only?.split(',');
// upload-rss runs in its own processes after the worker scenarios (bench/upload-memory.ts).
const selected = onlyIds ? onlyIds.filter((id) => id !== uploadScenarioId).map((id) => scenarioById(id)) : scenarios;
const profileDir = `${repoRoot}bench/.work/profiles`;
const workerArgs = ['--expose-gc', ...(options['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
if (options['cpu-prof']) mkdirSync(profileDir, { recursive: true });

const progress = (text: string): void => void process.stderr.write(`${text}\n`);
progress(`bench${plan.quick ? ' --quick' : ''} on Node ${process.version}: ${clients.join(', ')}`);
/** Warns when the machine is busy: on 2 cores, a load above 1 means the bench shares them. */
function checkLoad(when: string): LoadAverage {
  const load = loadavg() as LoadAverage;
  if (load[0] > cpus().length / 2) progress(`⚠ load average ${load[0].toFixed(2)} on ${cpus().length} cores ${when}: other work competes with the bench, expect noisy figures`);
  return load;
}
const loadAtStart = checkLoad('at the start');

// The emulator gets its own process (and, on 2 cores, its own core).
const emulator = startChild('emulator.ts');
const listening = await firstMessage<EmulatorMessage>(emulator, 'the emulator');
if (listening.type !== 'listening') throw new Error('the emulator did not start');
const baseURL = `http://127.0.0.1:${listening.port}`;
const prepare: EmulatorCommand = {
  type: 'prepare',
  streams: [
    ...(['bulk', 'split'] as const).map((pattern) => ({ pattern, chunks: plan.streamChunks })),
    { pattern: 'bulk', chunks: plan.memoryChunks },
    { pattern: 'bulk', chunks: plan.memoryWarmupChunks },
  ],
};
const prepared = firstMessage<EmulatorMessage>(emulator, 'the emulator');
emulator.send(prepare);
await prepared;

const sections: SectionResult[] = [];
const failures: Failure[] = [];
let memory: Awaited<ReturnType<typeof measureMemory>> | undefined;

for (const scenario of selected) {
  const started = performance.now();
  progress(`▶ ${scenario.id}: ${scenario.title(plan)}`);
  let samples: Samples;
  const notes: string[] = [];
  // Reference rows (e.g. the floor with a deadline) sit right after the floor.
  const floorAt = clients.indexOf(floorName);
  const references = (scenario.references ?? []).filter((reference) => !clients.includes(reference));
  const withReferences = floorAt === -1 ? clients : [...clients.slice(0, floorAt + 1), ...references, ...clients.slice(floorAt + 1)];
  // Some scenarios run only the class's deepseek-fetch rows (see Scenario.sdkApis).
  const apis = scenario.sdkApis;
  const scenarioClients = apis ? withReferences.filter((client) => !sdkRow(client) || apis.includes(sdkRow(client)!.api)) : withReferences;
  const skipped = withReferences.filter((client) => !scenarioClients.includes(client));
  if (skipped.length > 0) notes.push(`not run here: ${skipped.join(', ')}; the class's calls are the core's functions, from the same module`);
  if (scenario.runner === 'worker') {
    const job: WorkerJob = { scenario: scenario.id, plan, baseURL, clients: scenarioClients };
    const report = await runChild<WorkerReport>('worker.ts', job, workerArgs);
    samples = report.samples;
    failures.push(...report.failures);
    notes.push(...report.notes);
  } else if (scenario.runner === 'memory') {
    // Both memory sections come from the same probes: run them once.
    if (!memory) {
      memory = await measureMemory(plan, scenarioClients, baseURL);
      failures.push(...memory.failures);
    }
    samples = scenario.id === 'memory-rss' ? memory.rss : memory.heap;
  } else if (scenario.runner === 'cold-import') {
    const measured = await measureColdImports(plan, scenarioClients);
    samples = measured.samples;
    notes.push(...measured.notes);
  } else {
    const measured = await measureBundles(scenarioClients);
    samples = measured.samples;
    notes.push(...measured.notes);
  }
  if (scenario.id.startsWith('json') || scenario.id === 'fim') {
    notes.push('eventsource-parser runs the same fetch + res.json() code as the floor here: its ratio shows the noise of the measurement');
    if (scenarioClients.includes(deadlineName)) notes.push('floor + deadline is the floor with an AbortController signal and a timer per request: what any per-request timeout costs');
  }
  const seconds = (performance.now() - started) / 1000;
  sections.push({ ...section(scenario, plan, samples, scenarioClients, notes), seconds });
  progress(`  done in ${seconds.toFixed(1)} s`);
}
emulator.disconnect();
if (!onlyIds || onlyIds.includes(uploadScenarioId)) {
  progress(`▶ ${uploadScenarioId}: peak RSS of a large image upload, per input kind`);
  const upload = await measureUploadMemory(plan);
  sections.push(upload.section);
  failures.push(...upload.failures);
}

checkLoad('at the end');
const results = buildResults(plan, clients, sections, failures, loadAtStart);
console.log(formatTable(results));
const partial = options.only !== undefined || options.clients !== undefined;
const path = writeResults(results, partial);
progress(`\nresults: ${path}`);
if (plan.quick || partial) progress(`chart:   tsx bench/chart.ts ${path}`);
else await runScript('chart.ts', [path]);
if (failures.length > 0) {
  progress(`✘ ${failures.length} verification failure(s): see above`);
  process.exitCode = 1;
}
