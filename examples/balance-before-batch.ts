/**
 * Check the account balance before a batch job, then run the batch with a bounded number of
 * requests in flight.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/balance-before-batch.ts
 */
import { DeepSeek, type BalanceInfo } from 'deepseek-fetch';

const client = new DeepSeek();

/**
 * Amounts are decimal strings ("110.00"). Validate before converting: Number('') is 0, and
 * parseFloat('1,5') is 1. Hundredths as an integer keep comparisons exact.
 */
function toCents(amount: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`Unexpected balance amount: ${JSON.stringify(amount)}`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0').slice(0, 2));
  if (!Number.isSafeInteger(cents)) throw new Error(`Balance amount out of range: ${amount}`);
  return cents;
}

const balance = await client.balance.retrieve();
if (!balance.is_available) {
  console.error('The account cannot pay for API calls right now: top up at https://platform.deepseek.com');
  process.exit(1);
}
// The order of balance_infos is not stable (an account may hold CNY and USD): look entries up
// by currency, never by position.
const entry: BalanceInfo | undefined =
  balance.balance_infos.find((info) => info.currency === 'CNY') ?? balance.balance_infos.find((info) => info.currency === 'USD');
if (!entry) {
  console.error('No CNY or USD balance on this account.');
  process.exit(1);
}
const minimumCents = 100; // what this batch may cost at most, with margin
const available = toCents(entry.total_balance);
console.log(`balance: ${entry.total_balance} ${entry.currency} (granted ${entry.granted_balance}, topped up ${entry.topped_up_balance})`);
if (available < minimumCents) {
  console.error(`Need at least ${(minimumCents / 100).toFixed(2)} ${entry.currency} for this batch.`);
  process.exit(1);
}

/**
 * Maps `items` through `task` with at most `limit` tasks running at once. DeepSeek limits
 * concurrent requests per account (429 beyond it), so a batch should not fire all at once.
 */
async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const words = ['ephemeral', 'serendipity', 'ubiquitous', 'mellifluous', 'quixotic'];
const results = await mapBounded(words, 2, (word) =>
  client.chat.completions.create({
    model: 'deepseek-flash',
    thinking: { type: 'disabled' }, // short factual answers need no reasoning (and cost less)
    max_tokens: 60,
    messages: [{ role: 'user', content: `Define "${word}" in one short sentence.` }],
  }),
);

let tokens = 0;
let failed = 0;
results.forEach((result, index) => {
  if (result.status === 'fulfilled') {
    tokens += result.value.usage?.total_tokens ?? 0;
    console.log(`${words[index]}: ${result.value.choices[0]?.message.content ?? ''}`);
  } else {
    failed++;
    console.error(`${words[index]}: FAILED ${String(result.reason)}`);
  }
});
console.log(`\n${results.length - failed}/${results.length} succeeded, ${tokens} tokens in total`);
if (failed > 0) process.exitCode = 1;
