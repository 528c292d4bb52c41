/**
 * Data point value types under their `@opentelemetry/sdk-metrics` names, so code that annotates
 * `DataPoint<Sum>` or `p.value as Histogram` ports by changing the import.
 */
import type { Histogram } from '@yardstick/core';

/** The value of a point of a sum aggregation. */
export type Sum = number;
/** The value of a point of a last-value (gauge) aggregation. */
export type LastValue = number;
/** The value of a point of an explicit-bucket histogram (also exported as `HistogramValue`). */
export type { Histogram };
