/**
 * Child processes of the bench: the emulator, one worker per scenario, one probe per memory
 * run. They run on the same `node` binary as the parent (`process.execPath`), so
 * `<any node> --import tsx bench/run.ts` measures that Node everywhere, and they load
 * TypeScript through tsx's loader resolved to a file URL, whatever the working directory or
 * the way the parent itself was started (`tsx …` or `node --import tsx …`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tsxLoader = import.meta.resolve('tsx');

export const benchFile = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/** Starts `bench/<file>` with an IPC channel; `nodeArgs` go before the script (e.g. `--expose-gc`). */
export function startChild(file: string, args: string[] = [], nodeArgs: string[] = []): ChildProcess {
  return fork(benchFile(file), args, {
    execArgv: ['--import', tsxLoader, ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Runs `bench/<file>` as a plain script (output inherited); rejects if it fails. */
export function runScript(file: string, args: string[] = []): Promise<void> {
  const child = fork(benchFile(file), args, { execArgv: ['--import', tsxLoader], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with code ${code}`))));
  });
}

/** Resolves with the first IPC message of `child`; rejects if it exits without sending one. */
export function firstMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null): void =>
      reject(new Error(`${what} exited (${signal ?? `code ${code}`}) without reporting; see its output above`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** Runs `bench/<file>` with one JSON argument to completion and returns what it reported. */
export async function runChild<T>(file: string, job: unknown, nodeArgs: string[] = []): Promise<T> {
  const child = startChild(file, [JSON.stringify(job)], nodeArgs);
  const message = await firstMessage<T>(child, file);
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return message;
}
