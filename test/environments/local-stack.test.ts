import { Testing } from "cdktf";
import { LocalStack } from "../../stacks/local";

function synthLocal(): { json: Record<string, Record<string, Record<string, Record<string, unknown>>>>; stack: LocalStack } {
  const stack = new LocalStack(Testing.app(), "local");
  return { json: JSON.parse(Testing.synth(stack, true)), stack };
}

describe("the local stack", () => {
  test("matches its snapshot", () => {
    const stack = new LocalStack(Testing.app(), "local");
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });

  test("puts every service on one user-defined network, never the default bridge", () => {
    const { json } = synthLocal();
    const networks = Object.values(json.resource.docker_network);
    expect(networks).toHaveLength(1);
    expect(networks[0]).toMatchObject({ name: "shop", driver: "bridge" });
    for (const container of Object.values(json.resource.docker_container)) {
      expect(container.network_mode).toMatch(/^\$\{docker_network\.shop_network_\w+\.name\}$/);
      expect(container.network_mode).not.toBe("bridge");
    }
  });

  test("publishes only the proxy, on 127.0.0.1", () => {
    const { json } = synthLocal();
    const published = Object.values(json.resource.docker_container).flatMap((c) => (c.ports as { ip: string; external: number }[]) ?? []);
    expect(published).toEqual([{ external: 8080, internal: 8080, ip: "127.0.0.1", protocol: "tcp" }]);
  });

  test("hardens every container", () => {
    const { json } = synthLocal();
    for (const container of Object.values(json.resource.docker_container)) {
      expect(container).toMatchObject({
        read_only: true,
        privileged: false,
        capabilities: { drop: ["ALL"], add: [] },
        security_opts: ["no-new-privileges:true"],
        restart: "on-failure",
        max_retry_count: 5,
      });
      expect(String(container.user)).not.toMatch(/^(0|root)(:|$)/);
      expect(container.memory).toBeGreaterThan(0);
      expect(container.healthcheck).toBeDefined();
    }
  });

  test("creates the store's named volume and mounts it by reference", () => {
    const { json } = synthLocal();
    expect(Object.values(json.resource.docker_volume)).toEqual([expect.objectContaining({ name: "shop-store-data" })]);
    const store = Object.values(json.resource.docker_container).find((c) => c.name === "store");
    expect(store?.mounts).toEqual([{ read_only: false, source: expect.stringMatching(/^\$\{docker_volume\./), target: "/data", type: "volume" }]);
  });

  test("warns that the Docker provider cannot apply pids limits", () => {
    const { stack } = synthLocal();
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings.filter((w) => w.includes("CIS-5.29"))).toHaveLength(3);
  });
});
