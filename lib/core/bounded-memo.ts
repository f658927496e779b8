/**
 * Remembers the results of a pure function by a string key, so that what many hosts share (the
 * same service's unit, the same file's YAML) is computed once per process. Emptied when it
 * reaches its limit, so a long-lived process (a test runner) does not grow without bound.
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The remembered value for `key`, or `compute()`'s (remembered only when it returns; errors are not). */
  public get(key: string, compute: () => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = compute();
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
