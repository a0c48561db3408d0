/**
 * Compiles the component schemas of spec/openapi.yaml with a JSON Schema 2020-12 validator,
 * so tests can validate payloads against exactly what the contract says.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

export const specFile = resolve(import.meta.dirname, '../../spec/openapi.yaml');

type Json = Record<string, unknown>;

/** The spec as parsed YAML. */
export function loadSpec(): Json {
  return parse(readFileSync(specFile, 'utf8')) as Json;
}

const rootId = 'urn:deepseek-fetch:openapi';

/**
 * OpenAPI refs point at `#/components/schemas/X`; the validator sees the schemas as the
 * `$defs` of one root schema. `discriminator.mapping` is OpenAPI-only (Ajv rejects it);
 * the `oneOf` branches carry `const` discriminators, which validate the same thing.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      out[key] = value.replace('#/components/schemas/', `${rootId}#/$defs/`);
    } else if (key === 'discriminator' && typeof value === 'object' && value !== null) {
      out[key] = { propertyName: (value as Json).propertyName };
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
}

export interface SpecValidator {
  /** Validates `value` against `components.schemas[name]`; returns Ajv's errors (empty when valid). */
  errors(name: string, value: unknown): ErrorObject[];
  /** Validates against any inline schema of the spec (e.g. a response's `text/plain` schema). */
  errorsFor(schema: unknown, value: unknown): ErrorObject[];
  schemaNames: string[];
}

export function createSpecValidator(spec: Json = loadSpec()): SpecValidator {
  const ajv = new Ajv2020({ strict: true, discriminator: true, allErrors: true });
  // OpenAPI 3.1 adds these keywords to JSON Schema; they carry no validation.
  ajv.addKeyword({ keyword: 'example' });
  const schemas = (spec.components as Json).schemas as Json;
  ajv.addSchema({ $id: rootId, $defs: toJsonSchema(schemas) });
  const cache = new Map<string, ValidateFunction>();
  const compiled = (name: string): ValidateFunction => {
    let fn = cache.get(name);
    if (!fn) {
      if (!(name in schemas)) throw new Error(`no schema named ${name} in the spec`);
      fn = ajv.getSchema(`${rootId}#/$defs/${name}`);
      if (!fn) throw new Error(`could not compile ${name}`);
      cache.set(name, fn);
    }
    return fn;
  };
  return {
    schemaNames: Object.keys(schemas),
    errors(name, value) {
      const fn = compiled(name);
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
    errorsFor(schema, value) {
      const fn = ajv.compile(toJsonSchema(schema) as Json);
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
  };
}
