import { describe, expect, it } from 'vitest';
import { methodIndex, OTHER_METHOD_INDEX, RequestAttributes, versionIndex } from '../src/attribute-cache.js';
import { compileRoutes, errorTypeOf } from '../src/index.js';
import { BoomError } from './helpers.js';

describe('compileRoutes', () => {
  const match = compileRoutes(['/users/:id', '/users/:id/posts/:postId', '/static/*', '/a.b']);
  it.each([
    ['/users/42', '/users/:id'],
    ['/users/42?tab=1', '/users/:id'],
    ['/users/42/posts/7', '/users/:id/posts/:postId'],
    ['/static/css/site.css', '/static/*'],
    ['/a.b', '/a.b'],
    ['/aXb', undefined],
    ['/users', undefined],
    ['/users/42/extra', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, route) => {
    expect(match(url)).toBe(route);
  });
});

describe('RequestAttributes', () => {
  it('hands back the same frozen object for the same combination', () => {
    const cache = new RequestAttributes();
    const get = methodIndex('GET');
    const a = cache.get(get, 0, '/users/:id', 200, undefined, versionIndex('1.1')).attrs;
    cache.get(get, 0, '/other', 200, undefined, versionIndex('1.1'));
    const b = cache.get(get, 0, '/users/:id', 200, undefined, versionIndex('1.1')).attrs;
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
    });
    expect(cache.get(get, 1, undefined, 0, 'aborted', versionIndex('2.0')).attrs).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'error.type': 'aborted',
      'network.protocol.version': '2',
    });
    expect(cache.get(get, 0, '/users/:id', 500, '500', 2).attrs).not.toBe(
      cache.get(get, 0, '/users/:id', 500, 'Boom', 2).attrs,
    );
  });

  it('stops caching past its limit but still returns correct attributes', () => {
    const cache = new RequestAttributes(2);
    cache.get(0, 0, '/a', 200, undefined, 0);
    cache.get(0, 0, '/b', 200, undefined, 0);
    const c1 = cache.get(0, 0, '/c', 200, undefined, 0);
    const c2 = cache.get(0, 0, '/c', 200, undefined, 0);
    expect(c1.attrs).not.toBe(c2.attrs);
    expect(c1.attrs).toEqual(c2.attrs);
    // An uncached set must not pin a bound series.
    expect(c1.cached).toBe(false);
  });

  it('maps methods case-sensitively and unknown ones to _OTHER', () => {
    expect(methodIndex('GET')).not.toBe(OTHER_METHOD_INDEX);
    expect(methodIndex('get')).toBe(OTHER_METHOD_INDEX);
    expect(methodIndex('PURGE')).toBe(OTHER_METHOD_INDEX);
    expect(methodIndex(undefined)).toBe(OTHER_METHOD_INDEX);
    expect(new RequestAttributes().get(methodIndex('PROPFIND'), 0, undefined, 200, undefined, 0).attrs).toEqual({
      'http.request.method': '_OTHER',
      'url.scheme': 'http',
      'http.response.status_code': 200,
    });
  });
});

describe('errorTypeOf', () => {
  it('uses the class name, or _OTHER for values without one', () => {
    expect(errorTypeOf(new BoomError('x'))).toBe('BoomError');
    expect(errorTypeOf(new TypeError('x'))).toBe('TypeError');
    expect(errorTypeOf('a string')).toBe('_OTHER');
    expect(errorTypeOf({ message: 'plain object' })).toBe('_OTHER');
    expect(errorTypeOf(null)).toBe('_OTHER');
  });
});
