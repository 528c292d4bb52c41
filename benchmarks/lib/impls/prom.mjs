/** prom-client 15 with its own Registry (not the global one). */
import client from 'prom-client';
import { BOUNDARIES, LABEL_NAMES } from '../workload.mjs';

export const label = 'prom-client';

export function setup() {
  const registry = new client.Registry();
  const registers = [registry];
  return {
    registry,
    counter: (name, labelNames = LABEL_NAMES) => new client.Counter({ name, help: 'bench', labelNames, registers }),
    histogram: (name, labelNames = LABEL_NAMES) =>
      new client.Histogram({ name, help: 'bench', labelNames, buckets: BOUNDARIES, registers }),
    gauge: (name, labelNames = LABEL_NAMES, collect) =>
      new client.Gauge({ name, help: 'bench', labelNames, registers, collect }),
  };
}
