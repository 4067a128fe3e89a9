import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-bind';

describe('installLeanAsyncResourceBind', () => {
  const addsProperty = 'asyncResource' in new AsyncResource('before').bind(() => undefined);
  const replaced = installLeanAsyncResourceBind();

  it('replaces bind exactly when the running Node adds the deprecated property, once', () => {
    expect(replaced).toBe(addsProperty);
    expect(installLeanAsyncResourceBind()).toBe(false);
    expect('asyncResource' in AsyncResource.bind(() => undefined)).toBe(false);
  });

  it('runs the function in the async context it was bound in, not the one it is called from', () => {
    const storage = new AsyncLocalStorage<string>();
    const seen = storage.run('bound here', () => AsyncResource.bind(() => storage.getStore()));
    expect(storage.run('called here', () => seen())).toBe('bound here');
    expect(seen()).toBe('bound here');
  });

  it("passes the caller's arguments and this, returns the function's result and keeps its length", () => {
    function add(this: { base: number }, a: number, b: number): number {
      return this.base + a + b;
    }
    const bound = new AsyncResource('test').bind(add);
    expect(bound.call({ base: 100 }, 2, 3)).toBe(105);
    expect(bound.length).toBe(2);
    // @types/node leaves out bind's second parameter (thisArg), which Node has had since 14.8
    const resource = new AsyncResource('test') as unknown as { bind: (fn: typeof add, thisArg: { base: number }) => typeof add };
    const pinned = resource.bind(add, { base: 10 });
    expect(pinned.call({ base: 1_000 }, 2, 3)).toBe(15);
    expect(pinned.length).toBe(2);
  });

  it('refuses what is not a function', () => {
    // matched by message: an earlier suite in this jest worker may have installed bind from its own realm
    expect(() => new AsyncResource('test').bind('not a function' as unknown as () => void)).toThrow(/"fn" argument must be of type function/);
  });
});
