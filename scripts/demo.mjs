// The README's demo command: build, then run the example service.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { stdio: 'inherit', cwd: root });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const demo = spawnSync(process.execPath, [join(root, 'examples', 'basic', 'index.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(demo.status ?? 1);
