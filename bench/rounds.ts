/**
 * How runs are scheduled and recorded: clients take turns (A B C A B C …, rotated each
 * round), and every measured value is kept per client, per metric, in run order, so run i
 * of two clients can be compared as a pair (see `stats.ts`).
 */

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

/** The order of round `round`: rotated, so no client always runs right after the same one. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Prints a failure so it cannot be missed in a long log. */
export function shout(failure: Failure): void {
  console.error(`\n✘ FAILED: ${failure.client} in ${failure.scenario}: ${failure.message}\n`);
}
