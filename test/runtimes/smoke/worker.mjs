// Entry for workerd (bundled to one ES module): a module worker whose fetch handler runs the
// smoke against ?baseURL=…&tag=… and answers with the JSON report.
import { describeError, runSmoke } from './smoke.mjs';

export default {
  async fetch(request) {
    const params = new URL(request.url).searchParams;
    const facts = { userAgent: globalThis.navigator?.userAgent };
    try {
      const result = await runSmoke({ baseURL: params.get('baseURL'), tag: params.get('tag') });
      return Response.json({ ok: true, result, facts });
    } catch (err) {
      return Response.json({ ok: false, error: describeError(err), facts });
    }
  },
};
