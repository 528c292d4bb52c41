/**
 * What `@opentelemetry/api` has registered, read from its globals: every API copy of major
 * version 1 keeps them (context manager, diag logger, providers) under one well-known symbol, so
 * this sees the app's copy as well as ours.
 */
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');
const holder = globalThis as Record<symbol, { context?: unknown; diag?: unknown } | undefined>;

// Reading an absent global property is slow (~8 ns, no inline cache); a present one holding
// undefined is not. The API treats undefined as "no globals yet" (it assigns `?? { version }`),
// so declaring the slot changes nothing for it.
if (!(API_GLOBALS in holder)) holder[API_GLOBALS] = undefined;

/**
 * contextManagerRegistered tells whether a context manager is set. Without one no span can be
 * active, so trace-based exemplar sampling can skip the context lookup entirely.
 */
export function contextManagerRegistered(): boolean {
  const registry = holder[API_GLOBALS];
  return registry !== undefined && registry.context !== undefined;
}

/** diagLoggerRegistered tells whether something already called `diag.setLogger`. */
export function diagLoggerRegistered(): boolean {
  return holder[API_GLOBALS]?.diag !== undefined;
}
