/**
 * A provider class that is loaded on first use. The provider packages' modules are large (each
 * L1 class is a few hundred KB of JavaScript, kept in memory once loaded), and the barrels in
 * lib/providers/ name every class any construct needs: loading them all eagerly cost every
 * process ~20 MB and ~100 ms whether it used them or not. Construction (`new`), subclassing
 * (`extends`), `instanceof` and static members work as on the class itself.
 */
export function lazyClass<T extends abstract new (...args: never[]) => unknown>(load: () => T): T {
  let loaded: T | undefined;
  const real = (): T => (loaded ??= load());
  // A plain function as the proxy target, so the proxy is constructible and callable.
  const proxy: T = new Proxy(function lazyProviderClass() {} as unknown as T, {
    construct: (_target, args, newTarget) =>
      Reflect.construct(real() as unknown as new (...a: unknown[]) => object, args, newTarget === proxy ? real() : newTarget),
    get: (_target, key) => Reflect.get(real(), key),
    has: (_target, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}
