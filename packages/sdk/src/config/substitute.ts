import { type Document, isPair, isSeq, isScalar, parse, visit, type Scalar } from 'yaml';
import type { Env } from './env-values.js';

const REFERENCE = /^(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * substituteText replaces `${NAME}`, `${env:NAME}` and `${NAME:-default}` with values from `env`
 * (unset or empty ⇒ the default, or ''), and `$$` with `$`. Returns an error message for a
 * reference that is not closed or does not name a variable.
 */
export function substituteText(text: string, env: Env): { ok: true; value: string } | { ok: false; error: string } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) break;
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = text.indexOf('}', dollar + 2);
      if (close === -1) return { ok: false, error: `unterminated substitution "${text.slice(dollar)}"` };
      const m = REFERENCE.exec(text.slice(dollar + 2, close));
      if (m === null) return { ok: false, error: `invalid substitution "${text.slice(dollar, close + 1)}"` };
      const value = env[m[1]];
      out += value === undefined || value === '' ? (m[2] ?? '') : value;
      i = close + 1;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return { ok: true, value: out + text.slice(i) };
}

/**
 * substituteDocument applies substituteText to every scalar value (never to keys) of a parsed
 * YAML document, in place. A plain (unquoted) scalar is typed again after substitution, so
 * `port: ${PORT}` becomes a number; quoted scalars stay strings. Errors come back with their path.
 */
export function substituteDocument(doc: Document, env: Env): string[] {
  const errors: string[] = [];
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const result = substituteText(node.value, env);
      if (!result.ok) {
        errors.push(`${pathOf(ancestors, node)}: ${result.error}`);
        return;
      }
      node.value = node.type === 'PLAIN' ? retype(result.value) : result.value;
    },
  });
  return errors;
}

/** retype reads a substituted plain scalar as YAML would (null, bool, number), else keeps the text. */
function retype(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    const v = parse(text);
    return v === null || typeof v === 'number' || typeof v === 'boolean' ? v : text;
  } catch {
    return text;
  }
}

/** pathOf renders the location of a node as `a.b[2].c` from the visitor's ancestors. */
export function pathOf(ancestors: readonly unknown[], node: unknown): string {
  let path = '';
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent) && isScalar(parent.key) && child === parent.value) {
      path += `${path === '' ? '' : '.'}${String((parent.key as Scalar).value)}`;
    } else if (isSeq(parent)) {
      path += `[${parent.items.indexOf(child as never)}]`;
    }
  }
  return path || '(root)';
}
