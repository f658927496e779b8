import { Testing, TerraformStack } from "cdktf";
import { HardenedContainer, readDockerContainerJson, resolveContainer } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";
import { renderDockerContainerConfig } from "../../lib/render/docker-container-config";
import { escapeTerraformTemplate, escapeTerraformTemplates, unescapeTerraformTemplate } from "../../lib/render/terraform-template-escape";

const BASE: ContainerSpec = { name: "web", image: "nginx:1.27", healthCheck: { command: "true" } };

describe("renderDockerContainerConfig", () => {
  test("memory is in MiB, cpus a string, restart split into policy and retries", () => {
    const args = renderDockerContainerConfig(resolveContainer({ ...BASE, resources: { memory: "1g", memorySwap: "2g", cpus: 1.5 } }, "w"), "w");
    expect(args).toMatchObject({ memory: 1024, memorySwap: 2048, cpus: "1.5", restart: "on-failure", maxRetryCount: 5, mustRun: true });
  });

  test("no retry count for policies other than on-failure", () => {
    const args = renderDockerContainerConfig(resolveContainer({ ...BASE, restart: { policy: "no" } }, "w"), "w");
    expect(args.maxRetryCount).toBeUndefined();
  });

  test("the pids limit has no place in the provider's arguments", () => {
    const args = renderDockerContainerConfig(resolveContainer({ ...BASE, resources: { pidsLimit: 64 } }, "w"), "w");
    expect(JSON.stringify(args)).not.toMatch(/pids/i);
  });
});

describe("readDockerContainerJson", () => {
  test("reads a hand-written docker_container with the provider's defaults", () => {
    const s = readDockerContainerJson({ name: "x", image: "busybox:1.36", ports: [{ internal: 80 }] });
    expect(s).toMatchObject({
      name: "x",
      image: "busybox:1.36",
      ports: [{ hostIp: "0.0.0.0", hostPort: 80, containerPort: 80, protocol: "tcp" }],
      privileged: false,
      readOnlyRootFilesystem: false,
      capDrop: [],
      memoryBytes: undefined,
      pidsLimit: undefined,
      logDriver: "json-file",
      restart: { policy: "no" },
    });
  });

  test("the image label wins over the (Terraform reference) image and is consumed", () => {
    const s = readDockerContainerJson({
      name: "x",
      image: "${docker_image.x.image_id}",
      labels: [
        { label: "io.cdktf-docker-environments.image", value: "nginx:1.27" },
        { label: "team", value: "web" },
      ],
    });
    expect(s.image).toBe("nginx:1.27");
    expect(s.labels).toEqual({ team: "web" });
  });

  test("memory 0 means no limit", () => {
    expect(readDockerContainerJson({ name: "x", image: "a:1", memory: 0 }).memoryBytes).toBeUndefined();
  });
});

describe("Terraform template escaping", () => {
  test.each([
    ["echo ${HOME}", "echo $${HOME}"],
    ["%{ if x }", "%%{ if x }"],
    ["$HOME 100%", "$HOME 100%"],
    ["${TfToken[TOKEN.12]}", "${TfToken[TOKEN.12]}"],
  ])("%p -> %p and back", (text, escaped) => {
    expect(escapeTerraformTemplate(text)).toBe(escaped);
    expect(unescapeTerraformTemplate(escapeTerraformTemplate(text))).toBe(text);
  });
});

describe("HardenedContainer escapes every literal for Terraform", () => {
  test("values and map keys, not only commands", () => {
    const spec: ContainerSpec = {
      ...BASE,
      workingDir: "/app/${x}",
      command: ["echo", "${HOME}"],
      environment: { GREETING: "%{ if }" },
      labels: { "com.example.${key}": "${value}" },
      mounts: [
        { type: "bind", source: "/srv/${a}", target: "/data/${b}" },
        { type: "tmpfs", target: "/cache/${c}" },
      ],
      logging: { driver: "journald", options: { tag: "{{.Name}}-${x}" } },
    };
    const stack = new TerraformStack(Testing.app(), "stack");
    new HardenedContainer(stack, "web", { spec });
    const json = Object.values(JSON.parse(Testing.synth(stack)).resource.docker_container as Record<string, Record<string, unknown>>)[0];
    expect(json.working_dir).toBe("/app/$${x}");
    expect(json.command).toEqual(["echo", "$${HOME}"]);
    expect(json.env).toEqual(["GREETING=%%{ if }"]);
    expect(json.labels).toEqual(expect.arrayContaining([{ label: "com.example.$${key}", value: "$${value}" }]));
    expect(json.mounts).toEqual([{ type: "bind", source: "/srv/$${a}", target: "/data/$${b}", read_only: true }]);
    expect(Object.keys(json.tmpfs as object)).toContain("/cache/$${c}");
    expect(json.log_opts).toEqual({ tag: "{{.Name}}-$${x}" });
    expect(json.image).toMatch(/^\$\{docker_image\.web_image_\w+\.image_id\}$/); // the reference itself is not escaped
    // Read back, the escapes are what Terraform removes.
    const read = readDockerContainerJson(json);
    expect(read.workingDir).toBe("/app/${x}");
    expect(read.tmpfs["/cache/${c}"]).toBeDefined();
    expect(read.labels["com.example.${key}"]).toBe("${value}");
  });

  test("escapeTerraformTemplates leaves tokens, numbers and class instances alone", () => {
    const token = "${TfToken[TOKEN.7]}";
    const instance = new (class Resolvable {
      readonly x = "${y}";
    })();
    expect(escapeTerraformTemplates({ a: ["${x}", token, 3, true], b: { "${k}": "v" }, c: instance })).toEqual({
      a: ["$${x}", token, 3, true],
      b: { "$${k}": "v" },
      c: instance,
    });
  });
});
