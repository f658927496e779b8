/**
 * Defines a provider class on a module's exports, loaded on first use. The provider packages'
 * modules are large (each L1 class is a few hundred KB of JavaScript, kept in memory once
 * loaded), and the barrels in lib/providers/ name every class any construct needs: loading them
 * all eagerly cost every process ~20 MB and ~100 ms whether it used them or not.
 *
 * A getter, not a proxy: importers read `aws_1.Instance` at each use (CommonJS), so they get the
 * class itself. Constructing a resource then adds no proxy frames to the full stack trace cdktf
 * records for each token it creates (5% fewer frames, ~20 ms less synthesis at 200 hosts), and
 * `instanceof`, `extends` and static members need no traps.
 */
export function lazyExport(moduleExports: object, name: string, load: () => unknown): void {
  let loaded: unknown;
  Object.defineProperty(moduleExports, name, { enumerable: true, get: () => (loaded ??= load()) });
}
