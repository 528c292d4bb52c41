import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** ModuleLoader imports a package by name; resolves undefined when it is not installed. */
export type ModuleLoader = (specifier: string) => Promise<Record<string, unknown> | undefined>;

/**
 * importOptional loads an optional package at runtime. The SDK may not import exporter packages
 * statically (they depend on it), and under `node --import` they usually live in the app's
 * node_modules, not beside the SDK: so resolve normally first, then from the working directory
 * and from the main script. Not installed ⇒ undefined; installed but broken ⇒ throws.
 */
export const importOptional: ModuleLoader = async (specifier) => {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (!isNotFound(error, specifier)) throw error;
  }
  const bases = [join(process.cwd(), 'noop.js')];
  if (process.argv[1]) bases.push(process.argv[1]);
  for (const base of bases) {
    let resolved: string;
    try {
      resolved = createRequire(base).resolve(specifier);
    } catch {
      continue;
    }
    return (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  }
  return undefined;
};

/** isNotFound: the package itself is missing (not one of its own imports). */
function isNotFound(error: unknown, specifier: string): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    e.message.includes(`'${specifier}'`)
  );
}
