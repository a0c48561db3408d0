/**
 * The named examples of spec/openapi.yaml: the repo's own fixtures, served by Prism and
 * reused by tests, so no test depends on payloads kept outside the repo.
 */
import { loadSpec } from './spec-schemas';

type Json = Record<string, any>;

export interface SpecExample {
  /** e.g. `POST /chat/completions 200 text/event-stream stream_thinking` */
  label: string;
  operationId: string;
  /** `request`, or the response status. */
  where: 'request' | string;
  mediaType: string;
  name: string;
  value: unknown;
  /** The schema the example must satisfy (`$ref`-resolved name, or an inline schema). */
  schemaName: string | undefined;
  inlineSchema: unknown;
  /**
   * For a string body whose schema names a `contentSchema` (`text/event-stream`, or JSON served
   * as `application/octet-stream`): the component each event's data, or the parsed body, must satisfy.
   */
  eventSchemaName: string | undefined;
}

const refName = (ref: unknown): string | undefined =>
  typeof ref === 'string' ? ref.split('/').at(-1) : undefined;

export function specExamples(spec: Json = loadSpec()): SpecExample[] {
  const out: SpecExample[] = [];
  const resolveResponse = (response: Json): Json =>
    response.$ref ? spec.components.responses[refName(response.$ref)!] : response;
  const collect = (operationId: string, label: string, where: string, content: Json | undefined): void => {
    for (const [mediaType, media] of Object.entries<Json>(content ?? {})) {
      const schemaName = refName(media.schema?.$ref);
      const eventSchemaName = schemaName ? refName(spec.components.schemas[schemaName]?.contentSchema?.$ref) : undefined;
      for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
        out.push({
          label: `${label} ${where} ${mediaType} ${name}`,
          operationId, where, mediaType, name,
          value: example.value,
          schemaName,
          inlineSchema: schemaName ? undefined : media.schema,
          eventSchemaName,
        });
      }
    }
  };
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      if (typeof operation !== 'object' || !operation.operationId) continue;
      const label = `${method.toUpperCase()} ${path}`;
      collect(operation.operationId, label, 'request', operation.requestBody?.content);
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        collect(operation.operationId, label, status, resolveResponse(response).content);
      }
    }
  }
  return out;
}

// Parsed once per test file: the spec does not change during a run, and values are copied out.
let examplesOfSpecFile: SpecExample[] | undefined;

/** A deep copy of one named example's value. */
export function exampleValue<T = any>(operationId: string, where: string, mediaType: string, name: string): T {
  const found = (examplesOfSpecFile ??= specExamples()).find(
    (e) => e.operationId === operationId && e.where === where && e.mediaType === mediaType && e.name === name,
  );
  if (!found) throw new Error(`no example ${operationId} ${where} ${mediaType} ${name}`);
  return structuredClone(found.value) as T;
}
