import { AsyncResource } from 'node:async_hooks';

/**
 * Node 20's `AsyncResource#bind` gives every function it returns an `asyncResource` accessor,
 * deprecated since Node 20 (DEP0172), built from two `util.deprecate` wrappers that each get a
 * prototype of their own: fresh hidden classes, allocated in the old generation, on every call.
 * Fastify binds once per request with a body and Nest twice per interceptor, so under load these
 * were a quarter of what survived the young generation and a steady source of full collections
 * (nodejs/node#58218 reports the cost; later Node drops the property, nodejs/node#58618).
 *
 * When the running Node still adds the property, this replaces `bind` with the same binding without
 * it: the returned function runs `fn` in the resource's async scope with the caller's arguments, the
 * given `thisArg` (or the caller's `this`) and `fn`'s return value, and keeps `fn.length`. Nothing in
 * the dependencies reads `asyncResource`. Returns whether it replaced `bind`; calling it again is a no-op.
 */
export function installLeanAsyncResourceBind(): boolean {
  const probe = new AsyncResource('lean-async-bind-probe').bind(() => undefined);
  if (!('asyncResource' in probe)) return false;
  type Fn = (this: unknown, ...args: unknown[]) => unknown;
  function bind(this: AsyncResource, fn: Fn, thisArg?: unknown): Fn {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the bound function's own `this` is the caller's
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]): unknown {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, fn, thisArg);
    Object.defineProperty(bound, 'length', { value: fn.length });
    return bound;
  }
  AsyncResource.prototype.bind = bind as AsyncResource['bind'];
  return true;
}
