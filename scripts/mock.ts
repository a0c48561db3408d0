/**
 * `npm run mock`: serves the spec's examples with Prism until Ctrl-C, for trying the SDK
 * or curl against the contract. `PORT=4010 npm run mock` picks the port.
 */
import { startPrism } from './prism';

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const mock = await startPrism(port === undefined ? {} : { port });
console.log(`Prism mock of spec/openapi.yaml on ${mock.url} (FIM at ${mock.url}/beta/completions). Ctrl-C stops it.`);
const shutdown = (): void => void mock.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
