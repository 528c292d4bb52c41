import { describe, expect, it } from 'vitest';
import { logLevelFromEnv, stderrDiagLogger } from '../src/config/stderr-diag.js';

describe('OTEL_LOG_LEVEL', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'warn'],
    ['', 'warn'],
    ['NONE', 'none'],
    ['error', 'error'],
    ['Warn', 'warn'],
    ['INFO', 'info'],
    ['debug', 'debug'],
    ['VERBOSE', 'verbose'],
    ['all', 'all'],
  ])('%j → %s', (value, level) => {
    const warnings: string[] = [];
    expect(logLevelFromEnv(value === undefined ? {} : { OTEL_LOG_LEVEL: value }, warnings)).toBe(level);
    expect(warnings).toEqual([]);
  });

  it.each(['warning', 'trace', '50', 'off'])('%j warns and uses warn', (value) => {
    const warnings: string[] = [];
    expect(logLevelFromEnv({ OTEL_LOG_LEVEL: value }, warnings)).toBe('warn');
    expect(warnings).toEqual([
      `OTEL_LOG_LEVEL: invalid value "${value}" (expected one of none, error, warn, info, debug, verbose, all); using warn instead.`,
    ]);
  });
});

describe('stderrDiagLogger', () => {
  const lines = () => {
    const out: string[] = [];
    return { out, logger: stderrDiagLogger((l) => out.push(l)) };
  };

  it('writes one line per call with the level, the message and the arguments', () => {
    const { out, logger } = lines();
    logger.error('Prometheus exporter server failed to start', new Error('listen EADDRINUSE 127.0.0.1:9464'));
    logger.warn('Yardstick: getMeter called after shutdown', { a: 1 });
    logger.debug('Yardstick OTLP: sent');
    expect(out).toEqual([
      'yardstick error: Prometheus exporter server failed to start: listen EADDRINUSE 127.0.0.1:9464\n',
      'yardstick warn: getMeter called after shutdown: {"a":1}\n',
      'yardstick debug: OTLP: sent\n',
    ]);
  });

  it('stays quiet when the app replaces it with its own logger', () => {
    const { out, logger } = lines();
    logger.warn('Current logger will be overwritten from Error\n    at setLogger');
    expect(out).toEqual([]);
  });
});
