import { sanitizeAttributes } from '@yardstick/core';
import type { Attributes, ResourceLike } from '@yardstick/core';
import { VERSION } from './version.js';

/**
 * Resource describes the entity producing telemetry. It has the shape of
 * `@opentelemetry/resources`' Resource, so OpenTelemetry JS exporters accept it.
 */
export class Resource implements ResourceLike {
  readonly attributes: Attributes;
  readonly schemaUrl?: string;
  readonly asyncAttributesPending = false;

  constructor(attributes: Attributes = {}, schemaUrl?: string) {
    this.attributes = sanitizeAttributes(attributes).attributes;
    if (schemaUrl) this.schemaUrl = schemaUrl;
  }

  /**
   * merge returns a Resource with `other`'s attributes winning on conflicts (the spec's
   * "updating" resource). Schema URLs must agree; a conflict keeps this one's.
   */
  merge(other: ResourceLike | null | undefined): Resource {
    if (!other) return this;
    const schemaUrl =
      this.schemaUrl && other.schemaUrl && this.schemaUrl !== other.schemaUrl
        ? this.schemaUrl
        : (other.schemaUrl ?? this.schemaUrl);
    return new Resource({ ...this.attributes, ...other.attributes }, schemaUrl);
  }

  /** waitForAsyncAttributes resolves at once: Yardstick resources are synchronous. */
  async waitForAsyncAttributes(): Promise<void> {}

  /** getRawAttributes lists the attributes as `[key, value]` pairs (OpenTelemetry JS shape). */
  getRawAttributes(): [string, Attributes[string]][] {
    return Object.entries(this.attributes);
  }
}

/** resourceFromAttributes builds a Resource (the OpenTelemetry JS 2.x helper's name). */
export function resourceFromAttributes(attributes: Attributes, schemaUrl?: string): Resource {
  return new Resource(attributes, schemaUrl);
}

/** emptyResource is a Resource without attributes. */
export function emptyResource(): Resource {
  return new Resource({});
}

function defaultServiceName(): string {
  const argv0 = typeof process !== 'undefined' ? process.argv0 : '';
  return argv0 ? `unknown_service:${argv0}` : 'unknown_service';
}

/**
 * defaultResource carries `service.name` (`unknown_service:<process>`) and the
 * `telemetry.sdk.*` attributes the specification requires.
 */
export function defaultResource(): Resource {
  return new Resource({
    'service.name': defaultServiceName(),
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'yardstick',
    'telemetry.sdk.version': VERSION,
  });
}
