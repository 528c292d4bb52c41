import type { Attributes, ResourceLike } from '@yardstick/core';
import { Resource } from '../resource.js';
import { hostDetector, processDetector, serviceInstanceDetector } from './detectors.js';
import type { ResourceConfig } from './model.js';
import { wildcardMatcher } from './wildcard.js';

/**
 * resourceFromConfig builds the resource as the spec orders it, lowest priority first: detected
 * attributes, then configured ones (OTEL_RESOURCE_ATTRIBUTES / the file, with OTEL_SERVICE_NAME
 * already applied), then the resource given in code. The MeterProvider adds the defaults
 * (`telemetry.sdk.*`, fallback `service.name`) underneath.
 */
export function resourceFromConfig(config: ResourceConfig, codeResource?: ResourceLike): Resource {
  const detected: Attributes = {};
  for (const name of config.detectors) {
    const found =
      name === 'process' ? processDetector()() : name === 'host' ? hostDetector() : serviceInstanceDetector();
    Object.assign(detected, found);
  }
  const filter = config.detectedAttributes;
  if (filter) {
    const keep = wildcardMatcher(filter.included, filter.excluded);
    for (const key of Object.keys(detected)) if (!keep(key)) delete detected[key];
  }
  return new Resource(detected).merge(new Resource(config.attributes, config.schemaUrl)).merge(codeResource);
}
