// Runs everything the README promises: build + typecheck, then every test once.
// Prints the totals as a last plain line "N passed, N failed" so an empty run is visible.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

if (run(bin('tsc'), ['-b']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (run(bin('tsc'), ['-p', 'tsconfig.check.json']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const out = join(mkdtempSync(join(tmpdir(), 'yardstick-test-')), 'results.json');
const status = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && passed > 0 ? 0 : 1);
