/**
 * `node --import @yardstick/sdk/register app.js`: zero-code setup. Builds the MeterProvider from
 * OTEL_CONFIG_FILE or the OTEL_* variables, makes it the global meter provider of the app's
 * `@opentelemetry/api`, and flushes + shuts it down on SIGTERM, SIGINT and beforeExit.
 * Problems are printed to stderr and never stop the app: configuration warnings directly, and
 * everything the SDK and exporters report later through a stderr diag logger (OTEL_LOG_LEVEL,
 * default warn, or the file's `log_level`, default info) unless a logger was set before this
 * import ran.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ownApi from '@opentelemetry/api';
import {
  type ConfiguredMeterProvider,
  configFromEnvironment,
  createMeterProviderFromConfig,
} from './config/build-provider.js';
import { installShutdownHooks } from './config/shutdown-hooks.js';
import { installStderrDiagLogger, logLevelFromEnv } from './config/stderr-diag.js';

function warn(message: string): void {
  process.stderr.write(`yardstick: ${message}\n`);
}

/**
 * appApi loads the `@opentelemetry/api` the app itself resolves: the API only hands the global
 * provider to copies whose version is compatible with the registering one, so registering through
 * the app's own copy always works. Falls back to the SDK's copy.
 */
async function appApi(): Promise<typeof ownApi> {
  const bases = [process.argv[1], join(process.cwd(), 'noop.js')].filter((b): b is string => Boolean(b));
  for (const base of bases) {
    try {
      const resolved = createRequire(base).resolve('@opentelemetry/api');
      return (await import(pathToFileURL(resolved).href)) as typeof ownApi;
    } catch {
      // Not resolvable from there: try the next base.
    }
  }
  return ownApi;
}

async function register(): Promise<ConfiguredMeterProvider | undefined> {
  try {
    const { config, warnings, fromFile } = configFromEnvironment(process.env);
    // With a configuration file its `log_level` decides (default info), as for every other setting.
    const levelWarnings: string[] = [];
    const level = fromFile ? (config.logLevel ?? 'info') : logLevelFromEnv(process.env, levelWarnings);
    for (const w of [...levelWarnings, ...warnings]) warn(w);
    if (config.disabled) return undefined;
    const api = await appApi();
    // Before the exporters start: a Prometheus port in use is reported asynchronously.
    const ownLogger = installStderrDiagLogger(api, level);
    const configured = await createMeterProviderFromConfig(config);
    // Without our logger those warnings went to the app's logger (or nowhere): print them too.
    if (!ownLogger) for (const w of configured.warnings) warn(w);
    if (configured.readers.length === 0) {
      // `none`, or every exporter missing: keep the app's no-op meters, nothing to flush.
      await configured.provider.shutdown();
      return undefined;
    }
    if (!api.metrics.setGlobalMeterProvider(configured.provider)) {
      warn('a global meter provider was already registered; Yardstick from --import left it in place.');
      await configured.provider.shutdown();
      return undefined;
    }
    installShutdownHooks(configured.provider, configured.exportTimeoutMillis, warn);
    return configured;
  } catch (error) {
    warn(`metrics are disabled: ${(error as Error)?.message ?? String(error)}`);
    return undefined;
  }
}

/** The provider set up by this import, or undefined when disabled, `none`, or failed. */
export const registered: ConfiguredMeterProvider | undefined = await register();
