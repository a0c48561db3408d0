/**
 * CI gate: the deepseek-fetch "stream one chat completion" browser bundle must stay within
 * 6 KiB gzip. Builds from dist/ when built, else from src/; prints the size; exits 1 above.
 *
 *   tsx bench/bundle-budget.ts
 */
import { sdkBundleSize } from './bundle';
import { preferredEntry } from './sdk';

const budgetBytes = 6 * 1024;

const { kind } = preferredEntry();
const { minifiedBytes, gzipBytes } = await sdkBundleSize(kind);
const verdict = gzipBytes <= budgetBytes ? 'within' : 'OVER';
console.log(`deepseek-fetch browser bundle (${kind}): ${gzipBytes} B gzip (${minifiedBytes} B minified), ${verdict} the budget of ${budgetBytes} B gzip`);
if (gzipBytes > budgetBytes) process.exitCode = 1;
