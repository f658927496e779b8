import { TerraformStack, Testing } from "cdktf";
import { LocalEnvironment } from "../../lib/environments/local-environment";
import { DockerProvider } from "../../lib/providers/docker";
import type { LocalServiceProps } from "../../lib/environments/local-environment";

const healthy = { command: "true" };

function synth(services: LocalServiceProps[]) {
  const stack = new TerraformStack(Testing.app(), "test");
  new DockerProvider(stack, "docker", {});
  new LocalEnvironment(stack, "env", { services });
  return JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
}

describe("LocalEnvironment", () => {
  test("escapes Terraform template syntax in literal values", () => {
    const json = synth([{ name: "app", image: "app:1", environment: { GREETING: "${HOME} %{x}" }, command: ["echo", "${USER}"], healthCheck: healthy }]);
    const container = Object.values(json.resource.docker_container)[0];
    expect(container.env).toEqual(["GREETING=$${HOME} %%{x}"]);
    expect(container.command).toEqual(["echo", "$${USER}"]);
  });

  test("builds an image from a local context when asked", () => {
    const json = synth([{ name: "app", image: "app:dev", build: { context: "./app" }, healthCheck: healthy }]);
    expect(Object.values(json.resource.docker_image)[0]).toMatchObject({ name: "app:dev", build: { context: "./app", tag: ["app:dev"] }, keep_locally: true });
  });

  test("refuses service-level networks", () => {
    expect(() => synth([{ name: "app", image: "app:1", networks: [{ name: "other" }], healthCheck: healthy }])).toThrow(
      /test\/env\/services\[0\]: networks = .*LocalEnvironment attaches every service to its own network\. Fix: remove networks/,
    );
  });

  test("refuses the same host port in two services", () => {
    expect(() =>
      synth([
        { name: "a", image: "a:1", ports: [{ containerPort: 80, hostPort: 8080 }], healthCheck: healthy },
        { name: "b", image: "b:1", ports: [{ containerPort: 81, hostPort: 8080 }], healthCheck: healthy },
      ]),
    ).toThrow(/services\[1\]: ports = "8080\/tcp".*already published by the service a\. Fix: use another hostPort/);
  });

  test("refuses SSM secrets, which a local engine cannot fetch", () => {
    expect(() => synth([{ name: "a", image: "a:1", secrets: { TOKEN: { kind: "ssm-parameter", name: "/x" } }, healthCheck: healthy }])).toThrow(
      /test\/env\/a: secrets\.TOKEN = .*no instance role.*Fix: use SecretRef\.hostFile/,
    );
  });
});
