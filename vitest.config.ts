import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const packages = readdirSync(`${root}packages`);

// Tests import workspace packages from source, so a test run needs no build step;
// child-process tests that need built output run after `tsc -b` (scripts/test.mjs).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@yardstick\/sdk\/testing$/, replacement: `${root}packages/sdk/src/testing/index.ts` },
      { find: /^@yardstick\/([a-z-]+)\/internal$/, replacement: `${root}packages/$1/src/internal.ts` },
      { find: /^@yardstick\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/test/**/*.test.ts`] },
      })),
      {
        extends: true as const,
        test: { name: 'examples', include: ['examples/*/**/*.test.ts'], exclude: ['**/node_modules/**'] },
      },
    ],
  },
});
