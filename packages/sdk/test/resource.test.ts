import { ManualMetricReader, MeterProvider, Resource, defaultResource, resourceFromAttributes } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

describe('Resource', () => {
  it('defaults carry service.name and telemetry.sdk.*', () => {
    const r = defaultResource();
    expect(r.attributes['service.name']).toMatch(/^unknown_service/);
    expect(r.attributes['telemetry.sdk.language']).toBe('nodejs');
    expect(r.attributes['telemetry.sdk.name']).toBe('yardstick');
    expect(typeof r.attributes['telemetry.sdk.version']).toBe('string');
  });

  it('merge lets the other resource win and keeps the rest', () => {
    const merged = new Resource({ a: 1, b: 'x' }).merge(resourceFromAttributes({ b: 'y', c: true }));
    expect(merged.attributes).toEqual({ a: 1, b: 'y', c: true });
    expect(merged.getRawAttributes()).toContainEqual(['c', true]);
  });

  it('the provider merges the given resource over the default one', async () => {
    const reader = new ManualMetricReader();
    const provider = new MeterProvider({
      readers: [reader],
      resource: resourceFromAttributes({ 'service.name': 'shop' }),
    });
    provider.getMeter('m').createCounter('c').add(1);
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.resource.attributes['service.name']).toBe('shop');
    expect(resourceMetrics.resource.attributes['telemetry.sdk.name']).toBe('yardstick');
  });
});
