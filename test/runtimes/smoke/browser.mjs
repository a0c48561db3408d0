// Entry for the browser (bundled to one ES module), loaded by the page the runner serves:
//   /index.html?mode=smoke|refuse&baseURL=…&tag=…
// It sets globalThis.__report to a promise of { ok, result | error, facts }. The same file is
// also started as a dedicated module worker, where it answers one message with the refusal check.
import { describeError, refusesWithoutOptIn, runSmoke } from './smoke.mjs';

async function inPage() {
  const params = new URLSearchParams(location.search);
  const input = { baseURL: params.get('baseURL'), tag: params.get('tag') };
  const facts = { userAgent: navigator.userAgent, origin: location.origin };
  try {
    if (params.get('mode') === 'smoke') {
      return { ok: true, result: await runSmoke({ ...input, clientOptions: { dangerouslyAllowBrowser: true } }), facts };
    }
    const worker = new Worker(new URL(import.meta.url), { type: 'module' });
    const inWorker = await new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
      worker.postMessage(input);
    });
    worker.terminate();
    return { ok: true, result: { page: refusesWithoutOptIn(input), worker: inWorker }, facts };
  } catch (err) {
    return { ok: false, error: describeError(err), facts };
  }
}

if (typeof document === 'undefined') {
  self.onmessage = (event) => self.postMessage(refusesWithoutOptIn(event.data));
} else {
  globalThis.__report = inPage();
}
