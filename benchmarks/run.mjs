#!/usr/bin/env node
/**
 * Yardstick benchmark suite: every case × library in fresh `node --expose-gc` processes,
 * repeated in several processes, aggregated into a table with ratios.
 *
 *   node run.mjs                 full run (5 processes per case), writes RESULTS.md + ratios.svg
 *   node run.mjs --quick         CI smoke run: 1 process, short timings, small sizes, no files
 *   node run.mjs --filter prom   only cases whose id or title contains "prom"
 *   node run.mjs --procs 3       processes per case and library
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPLS, cases as allCases } from './cases/index.mjs';
import { fmtValue } from './lib/format.mjs';
import { runsInQuick, sizeOf } from './lib/options.mjs';
import { buildRows, machine, resultsMarkdown, table } from './lib/report.mjs';
import { ratiosSvg } from './lib/svg.mjs';
import { evaluate } from './lib/targets.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { quick: false, filter: undefined, procs: undefined, write: undefined, out: here };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--filter') o.filter = argv[++i];
    else if (a === '--procs') o.procs = Number(argv[++i]);
    else if (a === '--no-write') o.write = false;
    else if (a === '--out') {
      // Writes RESULTS.md and ratios.svg elsewhere, even for a quick or filtered run.
      o.out = argv[++i];
      o.write = true;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node run.mjs [--quick] [--filter <substring>] [--procs <n>] [--no-write] [--out <dir>]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.procs ??= o.quick ? 1 : 5;
  if (!(o.procs >= 1)) throw new Error('--procs must be >= 1');
  // Only a complete full run replaces the published results.
  o.write ??= !o.quick && o.filter === undefined;
  return o;
}

/** Runs one case for one library in a fresh process; resolves to its parsed result line. */
function runChild(caseId, impl, quick, check) {
  const args = ['--expose-gc', '--max-old-space-size=4096', join(here, 'worker.mjs'), caseId, impl];
  if (quick) args.push('--quick');
  if (check) args.push('--check');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: here, timeout: quick ? 60_000 : 20 * 60_000, maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
        if (line) return resolve(JSON.parse(line.slice(9)));
        resolve({ error: `${err ? String(err.message) : 'no result'} ${stderr.slice(-500)}`.trim() });
      },
    );
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const f = opts.filter?.toLowerCase();
  const selected = allCases.filter(
    (c) =>
      (!f || c.id.toLowerCase().includes(f) || c.title.toLowerCase().includes(f)) && (!opts.quick || runsInQuick(c)),
  );
  if (selected.length === 0) throw new Error(`no case matches --filter ${opts.filter}`);
  for (const c of selected) {
    c.sizeUsed = sizeOf(c, opts.quick);
    // The title shows the size actually used (quick mode shrinks the big cases).
    if (typeof c.size === 'function' && c.metrics) {
      for (const m of c.metrics) m.title = `${m.title}, ${c.sizeUsed.toLocaleString('en')} sets`;
    }
  }
  // 100k-set cases take minutes per process in the slowest peers: at most 3 processes each.
  const procsOf = (c) => (c.sizeUsed >= 100_000 ? Math.min(3, opts.procs) : opts.procs);
  const results = {};
  const total = selected.reduce((n, c) => n + procsOf(c) * IMPLS.length, 0);
  let done = 0;
  const t0 = performance.now();
  for (let rep = 0; rep < opts.procs; rep++) {
    // Rotate the library order each round so no library always runs right after another.
    const order = IMPLS.map((_, i) => IMPLS[(i + rep) % IMPLS.length].key);
    for (const c of selected) {
      if (rep >= procsOf(c)) continue;
      for (const impl of order) {
        done++;
        const prev = results[c.id]?.[impl];
        if (prev?.skip || prev?.error) continue; // a skipped or failing pair is not retried
        const r = await runChild(c.id, impl, opts.quick, rep === 0);
        results[c.id] ??= {};
        const slot = (results[c.id][impl] ??= { runs: [] });
        if (r.skip) slot.skip = r.skip;
        else if (r.error) slot.error = r.error;
        else slot.runs.push(r);
        const shown = r.skip
          ? `skip: ${r.skip}`
          : r.error
            ? `ERROR ${r.error.split('\n')[0]}`
            : Object.entries(r.values)
                .map(([k, v]) => `${k}=${fmtValue(v, k === 'time' ? 'ns' : 'B')}`)
                .join(' ');
        process.stderr.write(`[${done}/${total}] ${c.id} ${impl}: ${shown}\n`);
      }
    }
  }
  const rows = buildRows(selected, results);
  const { table: tableText, notes } = table(rows);
  const targets = evaluate(rows);
  const checks = [];
  for (const r of rows) {
    for (const [impl, cell] of Object.entries(r.cells)) {
      if (cell.check) checks.push(`${r.title} — ${impl}: ${cell.check.ok ? 'ok' : 'FAILED'} (${cell.check.note})`);
    }
  }
  const info = machine();
  const mode = opts.quick
    ? 'QUICK mode (smoke run: short timings, small sizes; do not quote these numbers)'
    : 'full run';
  console.log(`\nYardstick benchmarks — ${mode}; ${opts.procs} process(es) per case and library`);
  console.log(`${info.cpu}, ${info.cores} cores, Node ${info.node}, ${info.date}\n`);
  console.log(tableText);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  if (checks.length) console.log(`\nChecks:\n${checks.map((c) => `  ${c}`).join('\n')}`);
  console.log('\nTargets (issue 9):');
  for (const t of targets) console.log(`  ${t.status.padEnd(7)} ${t.figure ?? ''.padEnd(0)}  ${t.text}`);
  console.log(`\n${done} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (opts.write) {
    writeFileSync(
      join(opts.out, 'RESULTS.md'),
      resultsMarkdown({ info, mode, procs: opts.procs, tableText, notes, targets, checks }),
    );
    writeFileSync(
      join(opts.out, 'ratios.svg'),
      ratiosSvg(rows, `${info.cpu}, ${info.cores} cores, Node ${info.node}, ${info.date.slice(0, 10)}`),
    );
    console.log(`wrote ${join(opts.out, 'RESULTS.md')} and ratios.svg`);
  }
  // Timings are never asserted; only a broken case (a crash, a failed output check) fails the run.
  const broken = rows.some((r) => Object.values(r.cells).some((c) => c.error || (c.check && !c.check.ok)));
  process.exitCode = broken ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
