// Entry for the command-line runtimes (Node, Bun, Deno), run unbundled:
//   <runtime> cli.mjs <baseURL> <tag> [imagePath]
// Prints one line of JSON: { ok, result | error, facts }.
import { describeError, runSmoke } from './smoke.mjs';

const deno = globalThis.Deno;
const [baseURL, tag, imagePath] = deno ? deno.args : process.argv.slice(2);
const facts = {};
if (deno) facts.envPermission = (await deno.permissions.query({ name: 'env' })).state;

let report;
try {
  report = { ok: true, result: await runSmoke({ baseURL, tag, imagePath }), facts };
} catch (err) {
  report = { ok: false, error: describeError(err), facts };
}
console.log(JSON.stringify(report));
