/**
 * Starts the Prism mock of spec/openapi.yaml once for the contract suite and stops it at
 * the end. Tests read its URL with `inject('prismUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/prism';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
