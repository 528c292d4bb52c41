/**
 * A small route table for plain `node:http` servers, which have no router to ask: templates
 * such as `/users/:id` or `/static/*` are compiled once and matched against `req.url`.
 */

/** RouteMatcher returns the template that matches a request URL, or undefined. */
export type RouteMatcher = (url: string | undefined) => string | undefined;

/**
 * compileRoutes turns templates into a matcher. `:name` matches one path segment, `*` matches
 * the rest of the path; the query string is ignored. The first matching template wins.
 *
 * @example
 * const match = compileRoutes(['/users/:id', '/static/*']);
 * match('/users/42?x=1'); // '/users/:id'
 */
export function compileRoutes(templates: readonly string[]): RouteMatcher {
  const compiled = templates.map((template) => ({
    template,
    re: toRegExp(template),
    // A template without parameters matches a URL without a query by plain comparison.
    literal: !/:[A-Za-z0-9_]|\*/.test(template),
  }));
  return (url) => {
    if (url === undefined) return undefined;
    for (let i = 0; i < compiled.length; i++) {
      const c = compiled[i]!;
      if (c.literal ? url === c.template || c.re.test(url) : c.re.test(url)) return c.template;
    }
    return undefined;
  };
}

function toRegExp(template: string): RegExp {
  let source = '';
  for (const part of template.split(/(:[A-Za-z0-9_]+|\*)/)) {
    if (part === '*') source += '.*';
    else if (part.startsWith(':') && part.length > 1) source += '[^/?#]+';
    else source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(?:[?#].*)?$`);
}
