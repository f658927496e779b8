import { assignHostAddresses, placementHost, placeServices } from "cdktf-docker-environments";
import type { PlacementHost } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const hosts: PlacementHost[] = [
  { name: "a", memoryBytes: 4 * GiB, cpus: 2, labels: { role: "web" } },
  { name: "b", memoryBytes: 2 * GiB, cpus: 2, labels: { role: "web" } },
  { name: "c", memoryBytes: 8 * GiB, cpus: 4, labels: { role: "batch" } },
];

describe("placeServices", () => {
  test("spread puts containers on the emptiest host; binpack on the fullest that fits", () => {
    const requests = [
      { service: "x", memoryBytes: GiB, cpus: 0.5 },
      { service: "y", memoryBytes: GiB, cpus: 0.5 },
      { service: "z", memoryBytes: GiB, cpus: 0.5 },
    ];
    expect(placeServices(hosts, requests, "spread", "env").services).toEqual({ x: ["c"], y: ["a"], z: ["b"] });
    expect(placeServices(hosts, requests, "binpack", "env").services).toEqual({ x: ["b"], y: ["b"], z: ["a"] });
  });

  test("constraints, replicas on distinct hosts, explicit hosts first, and the capacity left", () => {
    const placement = placeServices(
      hosts,
      [
        { service: "web", memoryBytes: GiB, cpus: 1, replicas: 2, constraints: { role: "web" } },
        { service: "db", memoryBytes: 6 * GiB, cpus: 2, hosts: ["c"] },
      ],
      "spread",
      "env",
    );
    expect(placement.services).toEqual({ db: ["c"], web: ["a", "b"] });
    expect(placement.free).toEqual({
      a: { memoryBytes: 3 * GiB, cpus: 1 },
      b: { memoryBytes: GiB, cpus: 1 },
      c: { memoryBytes: 2 * GiB, cpus: 2 },
    });
  });

  test("refuses overcommit, listing every host's free capacity", () => {
    const error = expectRefusal(() => placeServices(hosts, [{ service: "big", memoryBytes: 9 * GiB, cpus: 1 }], "spread", "test/env"), {
      where: "test/env",
      field: "services.big",
      value: { memory: "9216 MiB", cpus: 1, replica: 1, of: 1 },
      problem: /no host matching the constraints has room for it/,
    });
    expect(error.message).toContain("free capacity: a: 4096 MiB, 2 CPUs; b: 2048 MiB, 2 CPUs; c: 8192 MiB, 4 CPUs");
  });

  test("refuses an explicit host that is full, unknown or listed twice", () => {
    expectRefusal(() => placeServices(hosts, [{ service: "db", memoryBytes: 3 * GiB, cpus: 1, hosts: ["b"] }], "spread", "test/env"), {
      where: "test/env",
      field: "services.db.hosts[0]",
      value: "b",
      problem: /db requests 3072 MiB and 1 CPUs, more than b has free \(free capacity: a: 4096 MiB, 2 CPUs; b: 2048 MiB, 2 CPUs; c: 8192 MiB, 4 CPUs\)/,
    });
    expectRefusal(() => placeServices(hosts, [{ service: "db", memoryBytes: MiB, cpus: 0, hosts: ["z"] }], "spread", "test/env"), {
      where: "test/env",
      field: "services.db.hosts[0]",
      value: "z",
      problem: /no such host in this environment/,
    });
    expectRefusal(() => placeServices(hosts, [{ service: "db", memoryBytes: MiB, cpus: 0, hosts: ["a", "a"] }], "spread", "test/env"), {
      where: "test/env",
      field: "services.db.hosts[1]",
      value: "a",
      problem: /listed twice/,
    });
  });

  test("refuses more replicas than matching hosts, two services on one host port, and an unknown strategy", () => {
    expectRefusal(
      () => placeServices(hosts, [{ service: "web", memoryBytes: MiB, cpus: 0, replicas: 3, constraints: { role: "web" } }], "spread", "test/env"),
      {
        where: "test/env",
        field: "services.web.replicas",
        value: 3,
        problem: /only 2 host\(s\) match the constraints \{"role":"web"\} \(a, b\)/,
      },
    );
    expectRefusal(
      () =>
        placeServices(
          hosts,
          [
            { service: "api", memoryBytes: MiB, cpus: 0, hosts: ["a"], ports: ["8080/tcp"] },
            { service: "web", memoryBytes: MiB, cpus: 0, hosts: ["a"], ports: ["8080/tcp"] },
          ],
          "spread",
          "test/env",
        ),
      { where: "test/env", field: "services.web.hosts[0]", value: "a", problem: /web publishes 8080\/tcp, which api publishes on a already/ },
    );
    expectRefusal(() => placeServices(hosts, [], "random" as never, "test/env"), {
      where: "test/env",
      field: "placement",
      value: "random",
      problem: /not a placement strategy/,
    });
  });
});

describe("host capacity and addresses", () => {
  const base = {
    name: "h",
    labels: {},
    systemReserved: { memoryBytes: 512 * MiB, cpus: 0.25 },
    support: [{ name: "log-shipper", memoryBytes: 128 * MiB, cpus: 0.25 }],
  };

  test("the instance type's capacity less the reserve and the support services", () => {
    expect(placementHost({ ...base, instanceType: "t3.large" }, "env", "hosts[0]")).toEqual({
      name: "h",
      memoryBytes: 8 * GiB - 640 * MiB,
      cpus: 1.5,
      labels: {},
    });
    expect(placementHost({ ...base, instanceType: "x9.huge", capacity: { memory: "2g", cpus: 1 } }, "env", "hosts[0]").memoryBytes).toBe(2 * GiB - 640 * MiB);
  });

  test("refuses an unknown instance type without capacity, and a host the support services alone overcommit", () => {
    expectRefusal(() => placementHost({ ...base, instanceType: "x9.huge" }, "test/env", "hosts[0]"), {
      where: "test/env",
      field: "hosts[0].instanceType",
      value: "x9.huge",
      problem: /not in this library's table/,
    });
    expectRefusal(() => placementHost({ ...base, instanceType: "t3.micro", capacity: { memory: "512m", cpus: 2 } }, "test/env", "hosts[0]"), {
      where: "test/env",
      field: "hosts[0]",
      value: "h",
      problem: /512 MiB and 2 CPUs do not even hold system reserve \(512 MiB, 0.25 CPUs\), log-shipper \(128 MiB, 0.25 CPUs\)/,
    });
  });

  test("addresses: dealt over the zones from the 10th address; explicit ones checked", () => {
    const subnets = ["10.0.0.0/18", "10.0.64.0/18"];
    expect(assignHostAddresses([{ name: "a" }, { name: "b" }, { name: "c", privateIp: "10.0.0.10" }, { name: "d", zoneIndex: 0 }], subnets, "env")).toEqual([
      { name: "a", zoneIndex: 0, privateIp: "10.0.0.11", subnet: "10.0.0.0/18" },
      { name: "b", zoneIndex: 1, privateIp: "10.0.64.10", subnet: "10.0.64.0/18" },
      { name: "c", zoneIndex: 0, privateIp: "10.0.0.10", subnet: "10.0.0.0/18" },
      { name: "d", zoneIndex: 0, privateIp: "10.0.0.12", subnet: "10.0.0.0/18" },
    ]);
    expectRefusal(() => assignHostAddresses([{ name: "a", privateIp: "10.0.64.20" }], subnets, "test/env"), {
      where: "test/env",
      field: "hosts[0].privateIp",
      value: "10.0.64.20",
      problem: /not an address of the host's private subnet 10.0.0.0\/18/,
    });
    expectRefusal(() => assignHostAddresses([{ name: "a", privateIp: "10.0.0.2" }], subnets, "test/env"), {
      where: "test/env",
      field: "hosts[0].privateIp",
      value: "10.0.0.2",
      problem: /AWS reserves the first four/,
    });
    expectRefusal(() => assignHostAddresses([{ name: "a", zoneIndex: 2 }], subnets, "test/env"), {
      where: "test/env",
      field: "hosts[0].zoneIndex",
      value: 2,
      problem: /the network has 2 zones/,
    });
  });
});
