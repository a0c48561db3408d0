/**
 * How runs are scheduled and recorded: clients take turns (each once per round, in an order
 * shuffled per round), and every measured value is kept per client, per metric, in run order,
 * so run i of two clients can be compared as a pair (see `stats.ts`).
 */

import { prng } from './fixtures';

/** A client that returned wrong output (or threw): it is dropped from the rest of the scenario. */
export interface Failure {
  scenario: string;
  client: string;
  message: string;
}

/** Samples per client and metric: `samples[client][metric][run]`. */
export type Samples = Record<string, Record<string, number[]>>;

export function addSample(samples: Samples, client: string, values: Record<string, number>): void {
  const perClient = (samples[client] ??= {});
  for (const [key, value] of Object.entries(values)) (perClient[key] ??= []).push(value);
}

/**
 * The order of round `round`: a shuffle seeded by the round number, so the same every time the
 * bench runs, and no client always runs right after the same one. (A rotation only moves the
 * start: each client would keep its cyclic neighbour, and what the one before it leaves behind,
 * such as the JIT state of a shared module or garbage, would bias it the same way in every
 * round. Seen: the two rows of one build ran in a fixed order, and the second was 5-15 %
 * cheaper in every run.)
 */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const order = [...items];
  const random = prng(0x5eed + round);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Prints a failure so it cannot be missed in a long log. */
export function shout(failure: Failure): void {
  console.error(`\n✘ FAILED: ${failure.client} in ${failure.scenario}: ${failure.message}\n`);
}
