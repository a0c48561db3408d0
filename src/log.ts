/**
 * Optional logging. Off below `warn` by default; request details appear only at `debug`,
 * always with secret headers redacted by the caller.
 */

/** Anything with console-like methods, e.g. `console` or a pino logger. */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

/** How much to log: each level includes the ones before it. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

const rank: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in rank;
}

/** A logger that drops messages above its level, and says whether debug output is on. */
export interface LeveledLogger extends Logger {
  /** True when `debug` logs: callers skip building debug details otherwise. */
  readonly debugEnabled: boolean;
}

/** A logger that drops messages above `level`. */
export function leveledLogger(logger: Logger, level: LogLevel): LeveledLogger {
  const at = (wanted: Exclude<LogLevel, 'off'>) =>
    rank[level] >= rank[wanted] ? (message: string, ...details: unknown[]) => logger[wanted](`[deepseek-fetch] ${message}`, ...details) : noop;
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), debugEnabled: rank[level] >= rank.debug };
}

function noop(): void {}
