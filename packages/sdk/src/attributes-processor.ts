import type { Attributes } from '@yardstick/core';

/**
 * IAttributesProcessor narrows the attributes of a view's stream (`@opentelemetry/sdk-metrics` shape).
 * Processors built by the helpers below also expose `keepKey`, which lets the stream filter
 * on its allocation-free fast path instead of building a new object per measurement.
 */
export interface IAttributesProcessor {
  process(incoming: Attributes, context?: unknown): Attributes;
  /** Optional key predicate equivalent to `process`; present on allow/deny-list processors. */
  readonly keepKey?: (key: string) => boolean;
}

class KeyFilterProcessor implements IAttributesProcessor {
  constructor(readonly keepKey: (key: string) => boolean) {}

  process(incoming: Attributes): Attributes {
    const out: Attributes = {};
    for (const key in incoming) if (this.keepKey(key)) out[key] = incoming[key];
    return out;
  }
}

/** createAllowListAttributesProcessor keeps only the listed attribute keys. */
export function createAllowListAttributesProcessor(attributeAllowList: string[]): IAttributesProcessor {
  const allowed = new Set(attributeAllowList);
  return new KeyFilterProcessor((key) => allowed.has(key));
}

/** createDenyListAttributesProcessor removes the listed attribute keys. */
export function createDenyListAttributesProcessor(attributeDenyList: string[]): IAttributesProcessor {
  const denied = new Set(attributeDenyList);
  return new KeyFilterProcessor((key) => !denied.has(key));
}

/** Combined form of a list of processors: a key predicate when all have one, else a function. */
export interface ResolvedProcessors {
  readonly keepKey?: (key: string) => boolean;
  readonly process?: (attrs: Attributes) => Attributes;
}

/** combineProcessors folds a view's processors into what a stream applies. */
export function combineProcessors(processors: readonly IAttributesProcessor[] | undefined): ResolvedProcessors {
  if (!processors || processors.length === 0) return {};
  const predicates = processors.map((p) => p.keepKey);
  if (predicates.every((p) => p !== undefined)) {
    const list = predicates as ((key: string) => boolean)[];
    if (list.length === 1) return { keepKey: list[0] };
    return { keepKey: (key) => list.every((keep) => keep(key)) };
  }
  return {
    process: (attrs) => processors.reduce((acc, p) => p.process(acc), attrs),
  };
}
