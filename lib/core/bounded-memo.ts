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

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * A memo key for plain data (strings, numbers, arrays, plain objects). Anything else — a cdktf
 * token object, a class instance — is keyed by its identity, never by what its toJSON says
 * (every unresolved token says "<unresolved-token>").
 */
export function memoKey(value: unknown): string {
  return isPlainData(value) ? JSON.stringify(value) : JSON.stringify(value, identityForNonPlain);
}

function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key])) return false;
  return true;
}

function identityForNonPlain(this: Record<string, unknown>, key: string, serialized: unknown): unknown {
  const original = this[key];
  if (original === null || typeof original !== "object" || Array.isArray(original)) return serialized;
  const prototype = Object.getPrototypeOf(original);
  if (prototype === Object.prototype || prototype === null) return serialized;
  let id = identities.get(original);
  if (id === undefined) identities.set(original, (id = ++lastIdentity));
  return `\0object#${id}`;
}
