import type { AggregationOption, ExemplarReservoirOption, InstrumentType } from '@yardstick/core';
import { type IAttributesProcessor, type ResolvedProcessors, combineProcessors } from './attributes-processor.js';

/**
 * ViewOptions select instruments and reshape their streams; the shape of
 * `@opentelemetry/sdk-metrics`' ViewOptions, so existing view configurations port unchanged.
 */
export interface ViewOptions {
  /** New stream name; needs an `instrumentName` without wildcards. */
  name?: string;
  description?: string;
  attributesProcessors?: IAttributesProcessor[];
  aggregation?: AggregationOption;
  aggregationCardinalityLimit?: number;
  /** Yardstick addition: the exemplar reservoir of each series (default per the spec). */
  exemplarReservoir?: ExemplarReservoirOption;
  /** Instrument name, `*` and `?` wildcards allowed, case-insensitive. */
  instrumentName?: string;
  instrumentType?: InstrumentType;
  instrumentUnit?: string;
  meterName?: string;
  meterVersion?: string;
  meterSchemaUrl?: string;
}

/** What a view is matched against. */
export interface InstrumentSelection {
  readonly name: string;
  readonly type: InstrumentType;
  readonly unit: string;
  readonly meterName: string;
  readonly meterVersion?: string;
  readonly meterSchemaUrl?: string;
}

function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** View is a validated, compiled ViewOptions. Invalid configuration throws at construction. */
export class View {
  readonly name?: string;
  readonly description?: string;
  readonly aggregation?: AggregationOption;
  readonly cardinalityLimit?: number;
  readonly exemplarReservoir?: ExemplarReservoirOption;
  readonly processors: ResolvedProcessors;
  private readonly namePattern?: RegExp;

  constructor(private readonly options: ViewOptions) {
    const selectors = [
      options.instrumentName,
      options.instrumentType,
      options.instrumentUnit,
      options.meterName,
      options.meterVersion,
      options.meterSchemaUrl,
    ];
    if (selectors.every((s) => s === undefined)) {
      throw new Error('Cannot create view with no selector arguments supplied');
    }
    if (options.name !== undefined && (options.instrumentName === undefined || hasWildcard(options.instrumentName))) {
      throw new Error(
        'Views with a specified name must be declared with an instrument selector that selects at most one instrument per meter.',
      );
    }
    const limit = options.aggregationCardinalityLimit;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new Error(`aggregationCardinalityLimit must be a positive integer, got ${String(limit)}`);
    }
    this.name = options.name;
    this.description = options.description;
    this.aggregation = options.aggregation;
    this.cardinalityLimit = limit;
    this.exemplarReservoir = options.exemplarReservoir;
    this.processors = combineProcessors(options.attributesProcessors);
    if (options.instrumentName !== undefined && options.instrumentName !== '*') {
      this.namePattern = patternToRegExp(options.instrumentName);
    }
  }

  /** matches reports whether every given selector accepts the instrument. */
  matches(i: InstrumentSelection): boolean {
    const o = this.options;
    return (
      (this.namePattern === undefined || this.namePattern.test(i.name)) &&
      (o.instrumentType === undefined || o.instrumentType === i.type) &&
      (o.instrumentUnit === undefined || o.instrumentUnit === i.unit) &&
      (o.meterName === undefined || o.meterName === i.meterName) &&
      (o.meterVersion === undefined || o.meterVersion === i.meterVersion) &&
      (o.meterSchemaUrl === undefined || o.meterSchemaUrl === i.meterSchemaUrl)
    );
  }
}
