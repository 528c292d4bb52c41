// The smallest Yardstick program: record through @opentelemetry/api, collect, print.
import { metrics } from '@opentelemetry/api';
import { ManualMetricReader, MeterProvider, resourceFromAttributes } from '@yardstick/sdk';

const reader = new ManualMetricReader();
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'basic-example' }),
  readers: [reader],
});
metrics.setGlobalMeterProvider(provider);

const meter = metrics.getMeter('example');
const requests = meter.createCounter('http.requests', { description: 'Requests served', unit: '{request}' });
const latency = meter.createHistogram('http.latency', { unit: 'ms' });
for (let i = 0; i < 100; i++) {
  const route = i % 3 === 0 ? '/users/:id' : '/';
  requests.add(1, { route, status: i % 10 === 0 ? 500 : 200 });
  latency.record(5 + ((i * 37) % 200), { route });
}

const { resourceMetrics } = await reader.collect();
for (const { scope, metrics: list } of resourceMetrics.scopeMetrics) {
  for (const m of list) {
    console.log(`${scope.name} ${m.descriptor.name} (${m.descriptor.unit || 'no unit'})`);
    for (const p of m.dataPoints) {
      const v = typeof p.value === 'number' ? p.value : `count=${p.value.count} sum=${p.value.sum}`;
      console.log(`  ${JSON.stringify(p.attributes)} ${v}`);
    }
  }
}
await provider.shutdown();
