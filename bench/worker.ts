/**
 * One scenario, all clients, one process: `bench/run.ts` forks this with a job (scenario,
 * plan, emulator URL, clients), and gets back every measured value over IPC. Running the
 * clients side by side in one process, taking turns, exposes them to the same JIT, GC and
 * machine state. Before each measured run: a forced GC keeps the previous client's garbage
 * out, then one unmeasured run of the same client warms it up again, because a forced full
 * GC also discards hidden classes no live object uses and deoptimizes the code built on them
 * (`node --trace-deopt` shows "reason: weak objects" for the SDK's decoder, stream loop and
 * accumulator after every gc()). Without that warm-up each run would time a re-JIT of every
 * client, penalizing the ones with more code; cold costs are measured on their own
 * (cold-import, first-token).
 */
import { createClients } from './clients';
import type { Plan } from './plan';
import { addSample, rotated, shout, type Failure, type Samples } from './rounds';
import { scenarioById } from './scenarios';

export interface WorkerJob {
  scenario: string;
  plan: Plan;
  baseURL: string;
  clients: string[];
}

export interface WorkerReport {
  samples: Samples;
  failures: Failure[];
  notes: string[];
}

const job = JSON.parse(process.argv[2]!) as WorkerJob;
const scenario = scenarioById(job.scenario);
if (!scenario.run) throw new Error(`${scenario.id} does not run in a worker`);
const run = scenario.run;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const clients = await createClients(job.baseURL, job.clients);
const samples: Samples = {};
const failures: Failure[] = [];
const failed = new Set<string>();

async function runOnce(client: (typeof clients)[number], record: boolean): Promise<void> {
  if (failed.has(client.name)) return;
  gc();
  try {
    if (record) await run(client, job.plan); // re-warm after the forced GC, unmeasured (verified all the same)
    const values = await run(client, job.plan);
    if (record) addSample(samples, client.name, values);
  } catch (error) {
    const failure = { scenario: scenario.id, client: client.name, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    failures.push(failure);
    failed.add(client.name);
    shout(failure);
  }
}

const notes = scenario.probe ? [await scenario.probe(job.baseURL, job.plan)] : [];
for (let round = 0; round < job.plan.warmup; round++) for (const client of rotated(clients, round)) await runOnce(client, false);
for (let round = 0; round < job.plan.runs; round++) for (const client of rotated(clients, round)) await runOnce(client, true);

// Exit explicitly: keep-alive sockets of the clients' connection pools would keep us alive.
process.send!({ samples, failures, notes } satisfies WorkerReport, () => process.exit(0));
