import { arch, hostname } from 'node:os';
import {
  MeterProvider,
  Resource,
  hostDetector,
  parseEnvConfig,
  processDetector,
  resourceFromConfig,
  serviceInstanceDetector,
} from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('detectors', () => {
  it('process: pid, executable, runtime; command args only when asked', () => {
    const attrs = processDetector()();
    expect(attrs).toMatchObject({
      'process.pid': process.pid,
      'process.executable.name': expect.stringMatching(/^node/),
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'process.runtime.description': 'Node.js',
    });
    expect(attrs['process.command_args']).toBeUndefined();
    expect(processDetector({ commandArgs: true })()['process.command_args']).toEqual([
      process.argv0,
      ...process.argv.slice(1),
    ]);
  });

  it('host: name and arch in semantic-convention spelling', () => {
    const expectedArch = ({ x64: 'amd64', arm64: 'arm64', ia32: 'x86' } as Record<string, string>)[arch()] ?? arch();
    expect(hostDetector()).toEqual({ 'host.name': hostname(), 'host.arch': expectedArch });
  });

  it('service: one random UUID v4 per process', () => {
    const id = serviceInstanceDetector()['service.instance.id'];
    expect(id).toMatch(UUID_V4);
    expect(serviceInstanceDetector()['service.instance.id']).toBe(id);
  });
});

describe('resource merging', () => {
  it('env attributes beat detected ones, OTEL_SERVICE_NAME beats both, code beats env', () => {
    const { config } = parseEnvConfig({
      OTEL_SERVICE_NAME: 'from-env-name',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,host.name=pinned,deployment.environment=prod,team=env',
    });
    const resource = resourceFromConfig(config.resource, new Resource({ team: 'code' }));
    expect(resource.attributes).toMatchObject({
      'service.name': 'from-env-name',
      'host.name': 'pinned',
      'host.arch': expect.any(String),
      'deployment.environment': 'prod',
      team: 'code',
      'process.pid': process.pid,
      'service.instance.id': expect.stringMatching(UUID_V4),
    });
  });

  it('the MeterProvider keeps the telemetry.sdk defaults underneath', () => {
    const { config } = parseEnvConfig({ OTEL_SERVICE_NAME: 'shop' });
    const provider = new MeterProvider({ resource: resourceFromConfig(config.resource) });
    expect(provider.resource.attributes).toMatchObject({
      'service.name': 'shop',
      'telemetry.sdk.name': 'yardstick',
      'telemetry.sdk.language': 'nodejs',
    });
  });

  it('filters detected keys by wildcard include/exclude, never configured ones', () => {
    const resource = resourceFromConfig({
      attributes: { 'process.custom': 'kept' },
      detectors: ['process', 'host'],
      detectedAttributes: { included: ['process.*'], excluded: ['process.executable.*'] },
    });
    expect(resource.attributes['process.pid']).toBe(process.pid);
    expect(resource.attributes['process.custom']).toBe('kept');
    expect(resource.attributes['process.executable.name']).toBeUndefined();
    expect(resource.attributes['host.name']).toBeUndefined();
  });

  it('runs no detector when none is configured', () => {
    expect(resourceFromConfig({ attributes: { a: '1' }, detectors: [] }).attributes).toEqual({ a: '1' });
  });
});
