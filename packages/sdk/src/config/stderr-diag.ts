/**
 * The diag logger `@yardstick/sdk/register` installs, so that exporter failures (a port in use, an
 * unreachable collector) reach stderr instead of vanishing into the API's no-op logger.
 */
import type { DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import { diagLoggerRegistered } from '../api-globals.js';
import { type Env, EnvReader } from './env-values.js';

/** The OTEL_LOG_LEVEL names of the SDK environment variable spec. */
export type LogLevelName = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

const LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];

/** The numeric DiagLogLevel of `@opentelemetry/api` for each name (a const enum there, so spelled out). */
const NUMERIC: Record<LogLevelName, DiagLogLevel> = {
  none: 0,
  error: 30,
  warn: 50,
  info: 60,
  debug: 70,
  verbose: 80,
  all: 9999,
};

/**
 * logLevelFromEnv reads OTEL_LOG_LEVEL (case-insensitive); unset means warn, and an invalid value
 * is reported in `warnings` and also means warn.
 */
export function logLevelFromEnv(env: Env, warnings: string[]): LogLevelName {
  const r = new EnvReader(env);
  const level = r.enumeration('OTEL_LOG_LEVEL', LEVELS, 'warn');
  warnings.push(...r.warnings);
  return level;
}

/**
 * The `log_level` names of the configuration file: the log severity names (`trace` … `fatal`,
 * with their numbered variants such as `warn2`).
 */
const FILE_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const FILE_LEVEL_NAMES: readonly string[] = FILE_LEVELS.flatMap((n) => [n, `${n}2`, `${n}3`, `${n}4`]);
const FROM_FILE: Record<(typeof FILE_LEVELS)[number], LogLevelName> = {
  trace: 'verbose',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  // The diag logger has no fatal level; fatal messages are errors.
  fatal: 'error',
};

/** fileLogLevelNames lists what `log_level` accepts in a configuration file. */
export function fileLogLevelNames(): readonly string[] {
  return FILE_LEVEL_NAMES;
}

/** logLevelFromFile maps a configuration file's `log_level` (already validated) to a diag level. */
export function logLevelFromFile(name: string): LogLevelName {
  return FROM_FILE[name.replace(/[234]$/, '') as (typeof FILE_LEVELS)[number]] ?? 'info';
}

/** The slice of `@opentelemetry/api` this module uses (the app's own copy, not necessarily the SDK's). */
export interface DiagApi {
  diag: {
    setLogger(logger: DiagLogger, options?: { logLevel?: DiagLogLevel; suppressOverrideMessage?: boolean }): boolean;
  };
}

/** The warning setLogger sends the old logger when an app installs its own: expected, so not printed. */
const OVERWRITE_NOTICE = 'Current logger will be overwritten';

/**
 * stderrDiagLogger writes one `yardstick <level>: message` line per diag call. Extra arguments
 * (usually an Error) are appended by their message, so one problem stays one line.
 */
export function stderrDiagLogger(write: (line: string) => void): DiagLogger {
  const log =
    (level: string) =>
    (message: string, ...args: unknown[]): void => {
      if (message.startsWith(OVERWRITE_NOTICE)) return;
      const extra = args.map(describe).filter((s) => s !== '');
      // Yardstick's own messages already say "Yardstick:" or "Yardstick OTLP:"; do not print it twice.
      const text = message.replace(/^Yardstick(?::\s*|\s+)/, '');
      write(`yardstick ${level}: ${[text, ...extra].join(': ')}\n`);
    };
  return { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') };
}

function describe(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/**
 * installStderrDiagLogger sets our stderr logger at `level` on the app's API, unless the level is
 * none or something loaded before us (another `--import` or `--require`) already set a logger.
 * An app that sets its logger later, from its own code, simply replaces ours (setLogger
 * overrides). Returns whether it installed one.
 */
export function installStderrDiagLogger(
  api: DiagApi,
  level: LogLevelName,
  write: (line: string) => void = (line) => process.stderr.write(line),
): boolean {
  if (level === 'none' || diagLoggerRegistered()) return false;
  return api.diag.setLogger(stderrDiagLogger(write), { logLevel: NUMERIC[level], suppressOverrideMessage: true });
}
