/**
 * A resource attribute's reference, created once and shared. Every read of an attribute like
 * `vpc.id` creates a new cdktf token, and cdktf records a full stack trace for each; attributes
 * that every host of a fleet reads (the VPC, its subnets, the private zone) are read once.
 */
const references = new WeakMap<object, Map<PropertyKey, unknown>>();

export function sharedReference<T extends object, K extends keyof T>(resource: T, attribute: K): T[K] {
  let known = references.get(resource);
  if (known === undefined) {
    known = new Map();
    references.set(resource, known);
  }
  if (!known.has(attribute)) known.set(attribute, resource[attribute]);
  return known.get(attribute) as T[K];
}
