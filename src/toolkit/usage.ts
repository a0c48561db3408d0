/**
 * Token usage summed over several requests (the steps of a tool loop, the attempts of a
 * structured-output call), context-cache hits and misses and reasoning tokens included.
 */
import type { Usage } from '../types';

/** A usage with every count at zero. */
export function emptyUsage(): Usage {
  return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 0 };
}

/**
 * `total` plus `usage`, as a new object. Counts a response did not report count as 0; the
 * OpenAI-style detail objects (`prompt_tokens_details.cached_tokens`,
 * `completion_tokens_details.reasoning_tokens`) appear in the sum once any request reported them.
 *
 * @example
 * ```ts
 * const usage = result.steps.reduce((sum, step) => addUsage(sum, step.usage), emptyUsage());
 * ```
 */
export function addUsage(total: Usage, usage: Usage | null | undefined): Usage {
  if (!usage) return total;
  const sum: Usage = {
    prompt_tokens: total.prompt_tokens + (usage.prompt_tokens ?? 0),
    completion_tokens: total.completion_tokens + (usage.completion_tokens ?? 0),
    total_tokens: total.total_tokens + (usage.total_tokens ?? 0),
    prompt_cache_hit_tokens: total.prompt_cache_hit_tokens + (usage.prompt_cache_hit_tokens ?? 0),
    prompt_cache_miss_tokens: total.prompt_cache_miss_tokens + (usage.prompt_cache_miss_tokens ?? 0),
  };
  const cached = sumOptional(total.prompt_tokens_details?.cached_tokens, usage.prompt_tokens_details?.cached_tokens);
  if (cached !== undefined) sum.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = sumOptional(total.completion_tokens_details?.reasoning_tokens, usage.completion_tokens_details?.reasoning_tokens);
  if (reasoning !== undefined) sum.completion_tokens_details = { reasoning_tokens: reasoning };
  return sum;
}

function sumOptional(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}
