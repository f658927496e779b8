import { renderDockerRunArgs } from "cdktf-docker-environments";

test("a minimal spec renders hardened docker run args", () => {
  const args = renderDockerRunArgs({ name: "web", image: "nginx:1.27", healthCheck: { command: "true" } });
  expect(args).toEqual(expect.arrayContaining(["--read-only", "--cap-drop", "ALL", "--user", "65534:65534"]));
});
