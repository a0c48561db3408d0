/**
 * How much work each scenario does: the full benchmark, and `--quick`, a smoke run that
 * keeps every client and every scenario (and every verification) but shrinks the sizes so the
 * whole thing takes well under a minute.
 */
export interface Plan {
  quick: boolean;
  /** Measured rounds per scenario (each round runs every client once, interleaved). */
  runs: number;
  /** Unmeasured rounds first, so that every client is JIT-compiled and connected. */
  warmup: number;
  /** Chunks of the throughput streams. */
  streamChunks: number;
  /** Chunks of the paced stream (one event per write, each read alone). */
  pacedChunks: number;
  /** Requests per run of the JSON scenarios (the concurrent one splits them over `concurrency` loops). */
  jsonRequests: number;
  concurrency: number;
  /** Streams per run of the first-token scenario; the run's value is their median. */
  latencyRequests: number;
  /** Chunks of the memory stream, and after how many chunks the heap is sampled. */
  memoryChunks: number;
  memorySampleAt: [number, number];
  /** A short stream each memory probe reads first, so lazy imports and the connection are not counted. */
  memoryWarmupChunks: number;
  /** Fresh processes per client for the memory and cold-import scenarios. */
  memoryRuns: number;
  coldImportRuns: number;
}

export const fullPlan: Plan = {
  quick: false,
  // 25, not 15: on the 2-core CI machine, two full Node 24 runs of the same streaming code gave
  // 1.21x and 1.72x for random splits with 15 runs (single runs there swing 2x); more pairs
  // steady the median of the paired ratios.
  runs: 25,
  warmup: 3,
  streamChunks: 20_000,
  pacedChunks: 1_000,
  jsonRequests: 400,
  concurrency: 16,
  latencyRequests: 40,
  memoryChunks: 60_000,
  memorySampleAt: [10_000, 60_000],
  memoryWarmupChunks: 200,
  memoryRuns: 3,
  coldImportRuns: 15,
};

export const quickPlan: Plan = {
  quick: true,
  runs: 3,
  warmup: 1,
  streamChunks: 2_000,
  pacedChunks: 200,
  jsonRequests: 64,
  concurrency: 16,
  latencyRequests: 10,
  memoryChunks: 12_000,
  memorySampleAt: [2_000, 12_000],
  memoryWarmupChunks: 200,
  memoryRuns: 1,
  coldImportRuns: 3,
};
