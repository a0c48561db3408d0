/**
 * The memory scenarios (`memory-rss`, `memory-heap`): one fresh process per client and run,
 * clients taking turns, each reporting peak RSS growth and heap retained per chunk.
 */
import type { MemoryJob, MemoryReport } from './memory-probe';
import type { Plan } from './plan';
import { runChild } from './processes';
import { addSample, rotated, shout, type Failure, type Samples } from './rounds';

export async function measureMemory(plan: Plan, clients: string[], baseURL: string): Promise<{ rss: Samples; heap: Samples; failures: Failure[] }> {
  const rss: Samples = {};
  const heap: Samples = {};
  const failures: Failure[] = [];
  for (let round = 0; round < plan.memoryRuns; round++) {
    for (const client of rotated(clients, round)) {
      if (failures.some((failure) => failure.client === client)) continue;
      const job: MemoryJob = { client, baseURL, chunks: plan.memoryChunks, sampleAt: plan.memorySampleAt, warmupChunks: plan.memoryWarmupChunks };
      const report = await runChild<MemoryReport>('memory-probe.ts', job, ['--expose-gc']);
      if (!report.ok) {
        const failure = { scenario: 'memory', client, message: report.message };
        failures.push(failure);
        shout(failure);
        continue;
      }
      addSample(rss, client, { rssGrowth: report.rssGrowth, maxRss: report.maxRss });
      addSample(heap, client, { heapPerChunk: report.heapPerChunk });
    }
  }
  return { rss, heap, failures };
}
