/**
 * Resolves, when an instrument is created, which metric streams it feeds for one reader:
 * one per matching view, or one default stream. Nothing here runs while recording.
 */
import {
  type AggregationOption,
  type ExemplarReservoirOption,
  type Clock,
  InstrumentType,
  MetricStream,
  type StreamEvents,
  createAggregator,
  isObservable,
} from '@yardstick/core';
import type { OnceReporter } from './diag.js';
import type { IMetricReader } from './metric-reader.js';
import type { InstrumentSelection, View } from './view.js';

/** What the meter knows about an instrument when it creates its streams. */
export interface InstrumentInfo extends InstrumentSelection {
  readonly description: string;
  readonly valueType: number;
  readonly adviceBoundaries?: readonly number[];
}

export interface StreamContext {
  readonly reader: IMetricReader;
  readonly views: readonly View[];
  readonly clock: Clock;
  readonly events: StreamEvents;
  /** The provider's memory of reported problems. */
  readonly reported: OnceReporter;
  /** Unit-aware default histogram boundaries (default true). */
  readonly unitAwareBuckets?: boolean;
  /** Collections in a row without a measurement before a cumulative series is dropped (0 = never). */
  readonly idleCollections?: number;
}

interface StreamConfig {
  name: string;
  description: string;
  aggregation: AggregationOption | undefined;
  cardinalityLimit: number | undefined;
  exemplarReservoir?: ExemplarReservoirOption;
  keepKey?: (key: string) => boolean;
  process?: (attrs: import('@yardstick/core').Attributes) => import('@yardstick/core').Attributes;
}

function configsFor(info: InstrumentInfo, views: readonly View[]): StreamConfig[] {
  const matching = views.filter((v) => v.matches(info));
  if (matching.length === 0) {
    return [{ name: info.name, description: info.description, aggregation: undefined, cardinalityLimit: undefined }];
  }
  return matching.map((v) => ({
    name: v.name ?? info.name,
    description: v.description ?? info.description,
    aggregation: v.aggregation,
    cardinalityLimit: v.cardinalityLimit,
    exemplarReservoir: v.exemplarReservoir,
    keepKey: v.processors.keepKey,
    process: v.processors.process,
  }));
}

/** createStreams builds the streams of one instrument for one reader (empty when all drop it). */
export function createStreams(info: InstrumentInfo, ctx: StreamContext): MetricStream[] {
  const streams: MetricStream[] = [];
  const observable = isObservable(info.type);
  for (const config of configsFor(info, ctx.views)) {
    const aggregation = config.aggregation ?? ctx.reader.selectAggregation(info.type);
    const aggregator = createAggregator(aggregation, {
      instrumentType: info.type,
      adviceBoundaries: info.adviceBoundaries,
      unit: info.unit,
      unitAwareBuckets: ctx.unitAwareBuckets,
      report: (message) =>
        ctx.reported.reportOnce(
          `aggregation:${info.meterName}:${config.name}`,
          'warn',
          `Yardstick: instrument "${info.name}": ${message}`,
        ),
    });
    if (aggregator === undefined) continue; // DROP
    streams.push(
      new MetricStream({
        descriptor: { name: config.name, description: config.description, unit: info.unit, valueType: info.valueType },
        temporality: ctx.reader.selectAggregationTemporality(info.type),
        aggregator,
        observable,
        cardinalityLimit: config.cardinalityLimit ?? ctx.reader.selectCardinalityLimit(info.type),
        keepKey: config.keepKey,
        process: config.process,
        exemplarReservoir: config.exemplarReservoir,
        clock: ctx.clock,
        events: ctx.events,
        idleCollections: observable ? 0 : ctx.idleCollections,
      }),
    );
  }
  return streams;
}

export { InstrumentType };
