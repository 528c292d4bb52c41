/** Every case of the suite, in table order. */
import { exportCases } from './export.mjs';
import { memoryCases } from './memory.mjs';
import { recordCases } from './record.mjs';

export const cases = [...recordCases, ...exportCases, ...memoryCases];

/** The libraries compared, in column order; ratios are Yardstick against each of the others. */
export const IMPLS = [
  { key: 'yardstick', label: 'Yardstick' },
  { key: 'otel', label: 'OpenTelemetry JS' },
  { key: 'prom', label: 'prom-client' },
  { key: 'map', label: 'plain Map' },
];
