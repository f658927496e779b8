/**
 * Placement properties, for random hosts and services: it never overcommits a host (memory or
 * CPUs), respects constraints, puts a service's replicas on distinct hosts and never two
 * services with the same host port on one host, is deterministic (the same input in any order
 * gives the same placement), and when it refuses, it is a SpecError listing every host's free
 * capacity; never a partial placement.
 */
import fc from "fast-check";
import { placeServices, SpecError } from "cdktf-docker-environments";
import type { PlacementHost, PlacementRequest, PlacementStrategy } from "cdktf-docker-environments";

const MiB = 1024 ** 2;
const NUM_RUNS = Number(process.env.NUM_RUNS ?? 300);

const labels = fc.record({ role: fc.constantFrom("web", "batch"), disk: fc.constantFrom("ssd", "hdd") }, { requiredKeys: [] });
const hostsArb = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    memoryBytes: fc.integer({ min: 2, max: 64 }).map((n) => n * 128 * MiB),
    cpus: fc.integer({ min: 2, max: 40 }).map((n) => n / 10),
    labels,
  }),
  { minLength: 1, maxLength: 6, selector: (h) => h.name },
);
const requestsArb = fc.uniqueArray(
  fc.record(
    {
      service: fc.constantFrom("web", "api", "worker", "cache", "search", "mail"),
      memoryBytes: fc.integer({ min: 1, max: 12 }).map((n) => n * 128 * MiB),
      cpus: fc.integer({ min: 0, max: 20 }).map((n) => n / 20),
      replicas: fc.integer({ min: 0, max: 3 }),
      constraints: fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: labels, weight: 1 }),
      ports: fc.uniqueArray(fc.constantFrom("8080/tcp", "8081/tcp", "6379/tcp"), { maxLength: 2 }),
    },
    { requiredKeys: ["service", "memoryBytes", "cpus"] },
  ),
  { maxLength: 6, selector: (r) => r.service },
);
const strategy = fc.constantFrom<PlacementStrategy>("spread", "binpack");

function attempt(hosts: PlacementHost[], requests: PlacementRequest[], s: PlacementStrategy) {
  try {
    return { placement: placeServices(hosts, requests, s, "test/env") };
  } catch (error) {
    return { error };
  }
}

describe("placement properties", () => {
  test("never overcommits, respects constraints and ports, one replica per host, all or nothing", () => {
    let placed = 0;
    let refused = 0;
    fc.assert(
      fc.property(hostsArb, requestsArb, strategy, (hosts, requests, s) => {
        const result = attempt(hosts, requests, s);
        if (result.error !== undefined) {
          refused++;
          expect(result.error).toBeInstanceOf(SpecError);
          const message = (result.error as Error).message;
          expect(message).toMatch(/Fix: /);
          if (/free capacity/.test(message)) for (const h of hosts) expect(message).toContain(`${h.name}: `);
          return;
        }
        const { placement } = result;
        if (requests.some((r) => (r.replicas ?? 1) > 0)) placed++;
        for (const host of hosts) {
          const on = requests.filter((r) => placement!.services[r.service]?.includes(host.name));
          const memory = on.reduce((sum, r) => sum + r.memoryBytes, 0);
          const cpus = on.reduce((sum, r) => sum + r.cpus, 0);
          expect(memory).toBeLessThanOrEqual(host.memoryBytes);
          expect(Math.round(cpus * 1000)).toBeLessThanOrEqual(Math.round(host.cpus * 1000));
          const ports = on.flatMap((r) => r.ports ?? []);
          expect(new Set(ports).size).toBe(ports.length);
          expect(placement!.free[host.name].memoryBytes).toBe(host.memoryBytes - memory);
        }
        for (const request of requests) {
          const placed = placement!.services[request.service];
          expect(placed).toHaveLength(request.replicas ?? 1);
          expect(new Set(placed).size).toBe(placed.length);
          for (const name of placed) {
            const host = hosts.find((h) => h.name === name)!;
            for (const [key, value] of Object.entries(request.constraints ?? {})) expect((host.labels as Record<string, string>)[key]).toBe(value);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // Both outcomes are exercised, so neither half of the property is vacuous.
    expect(placed).toBeGreaterThan(NUM_RUNS / 10);
    expect(refused).toBeGreaterThan(NUM_RUNS / 10);
  });

  test("deterministic: the same hosts and services, in any order, give the same placement or the same refusal", () => {
    fc.assert(
      fc.property(hostsArb, requestsArb, strategy, fc.integer(), (hosts, requests, s, seed) => {
        const shuffle = <T>(items: T[]) =>
          items
            .map((item, i) => ({ item, key: (i * 7919 + seed) % 1009 }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
        const a = attempt(hosts, requests, s);
        const b = attempt(shuffle(hosts), shuffle(requests), s);
        if (a.error !== undefined) expect((b.error as Error)?.message).toBe((a.error as Error).message);
        else expect(b.placement).toEqual(a.placement);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test("explicit hosts are honoured exactly, or refused when they would overcommit", () => {
    fc.assert(
      fc.property(
        hostsArb,
        fc.integer({ min: 1, max: 8 }).map((n) => n * 256 * MiB),
        (hosts, memoryBytes) => {
          const target = hosts[0].name;
          const result = attempt(hosts, [{ service: "pinned", memoryBytes, cpus: 0, hosts: [target] }], "binpack");
          if (memoryBytes <= hosts[0].memoryBytes) expect(result.placement?.services.pinned).toEqual([target]);
          else expect((result.error as Error).message).toMatch(/more than .* has free \(free capacity: /);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
