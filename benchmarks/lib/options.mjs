/** Small helpers shared by run.mjs and worker.mjs. */

/** The number of attribute sets a case uses in this mode (undefined for hot-path cases). */
export function sizeOf(c, quick) {
  return typeof c.size === 'function' ? c.size(quick) : c.size;
}

/** Whether a case runs in quick mode: hot-path and value cases always, big ones when marked. */
export function runsInQuick(c) {
  return c.kind !== 'macro' || c.quick === true;
}

/** The metrics (table rows) of a case: its own list, or a single timing. */
export function metricsOf(c) {
  return c.metrics ?? [{ key: 'time', title: c.title, unit: 'ns' }];
}
