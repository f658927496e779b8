import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { PolicyError, validateContainer } from "cdktf-docker-environments";
import { ImagePipeline } from "../../lib/constructs/image-pipeline";
import type { ImagePipelineProps } from "../../lib/constructs/image-pipeline";
import { ImagePromotion } from "../../lib/constructs/image-promotion";
import { DockerProvider } from "../../lib/providers/docker";
import { expectRefusal } from "../support/expect-refusal";

const COMMIT = "3f2c9e1a7b4d5e6f708192a3b4c5d6e7f8091a2b";
const DIGEST = `sha256:${"9".repeat(64)}`;
const PROPS: ImagePipelineProps = { repository: "registry.example.com/shop/web", context: "./web", commit: COMMIT };

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "test");
  new DockerProvider(s, "docker", {});
  return s;
}

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown }> };
const synth = (s: TerraformStack) => JSON.parse(Testing.synth(s, true)) as Json;

describe("ImagePipeline", () => {
  test("builds from the context, tags by commit, pushes, and exposes the pushed digest", () => {
    const s = stack();
    const pipeline = new ImagePipeline(s, "web", {
      ...PROPS,
      buildArgs: { NODE_ENV: "production", GREETING: "${USER}" },
      labels: { "org.opencontainers.image.source": "https://git.example.com/shop" },
    });
    new TerraformOutput(s, "pinned", { value: pipeline.pinnedImage });
    const json = synth(s);
    const [image] = Object.values(json.resource.docker_image);
    expect(image).toEqual({
      name: `registry.example.com/shop/web:git-${COMMIT}`,
      keep_locally: true,
      build: {
        context: "./web",
        dockerfile: "Dockerfile",
        tag: [`registry.example.com/shop/web:git-${COMMIT}`],
        build_args: { NODE_ENV: "production", GREETING: "$${USER}" },
        label: { "org.opencontainers.image.source": "https://git.example.com/shop", "org.opencontainers.image.revision": COMMIT },
      },
    });
    const [pushId, push] = Object.entries(json.resource.docker_registry_image)[0];
    expect(push).toEqual({
      name: expect.stringMatching(/^\$\{docker_image\.web_image_[0-9A-F]+\.name\}$/),
      keep_remotely: true,
      triggers: { image_id: expect.stringMatching(/^\$\{docker_image\.web_image_[0-9A-F]+\.image_id\}$/) },
    });
    expect(pipeline.tag).toBe(`git-${COMMIT}`);
    expect(json.output.pinned.value).toBe(`registry.example.com/shop/web@\${docker_registry_image.${pushId}.sha256_digest}`);
  });

  test("promote: pull by digest, tag, push, and fail the apply if the digest changes", () => {
    const s = stack();
    const pipeline = new ImagePipeline(s, "web", PROPS);
    const promotion = pipeline.promote("registry.example.com/shop/web-production", { tag: "v1.4.2" });
    new TerraformOutput(s, "promoted", { value: promotion.pinnedImage });
    const json = synth(s);
    const pushes = json.resource.docker_registry_image;
    const [buildPushId] = Object.keys(pushes).filter((k) => k.startsWith("web_push"));
    const [promotedId, promoted] = Object.entries(pushes).find(([k]) => k.includes("promote-0"))!;
    const digestRef = `\${docker_registry_image.${buildPushId}.sha256_digest}`;
    const source = Object.values(json.resource.docker_image).find((i) => String(i.name).includes("@"))!;
    expect(source).toEqual({ name: `registry.example.com/shop/web@${digestRef}`, keep_locally: true });
    const [tag] = Object.values(json.resource.docker_tag);
    expect(tag).toMatchObject({ target_image: "registry.example.com/shop/web-production:v1.4.2", tag_triggers: [digestRef] });
    expect(promoted).toMatchObject({
      name: "registry.example.com/shop/web-production:v1.4.2",
      keep_remotely: true,
      lifecycle: {
        postcondition: [
          {
            condition: `\${(self.sha256_digest == docker_registry_image.${buildPushId}.sha256_digest)}`,
            error_message: expect.stringContaining("digest differs"),
          },
        ],
      },
    });
    expect(json.output.promoted.value).toBe(`registry.example.com/shop/web-production@\${docker_registry_image.${promotedId}.sha256_digest}`);
  });

  test("a promotion from a literal digest, and without the same-digest check across registries", () => {
    const s = stack();
    new ImagePromotion(s, "to-ecr", {
      source: `registry.example.com/shop/web@${DIGEST}`,
      toRepository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web",
      tag: "v1.4.2",
      requireSameDigest: false,
    });
    const json = synth(s);
    expect(Object.values(json.resource.docker_image)[0].name).toBe(`registry.example.com/shop/web@${DIGEST}`);
    expect(Object.values(json.resource.docker_registry_image)[0].lifecycle).toBeUndefined();
  });

  test("with a literal digest the postcondition compares with the literal", () => {
    const s = stack();
    new ImagePromotion(s, "p", { source: `registry.example.com/shop/web@${DIGEST}`, toRepository: "registry.example.com/shop/web-prod", tag: "v1" });
    const [push] = Object.values(synth(s).resource.docker_registry_image);
    expect(push.lifecycle).toMatchObject({ postcondition: [{ condition: `\${(self.sha256_digest == "${DIGEST}")}` }] });
  });

  test.each([
    ["a tagged repository", { repository: "registry.example.com/shop/web:1" }, "repository", /without a tag or digest/],
    ["an uppercase repository", { repository: "registry.example.com/Shop/web" }, "repository", /lowercase/],
    ["a branch name as the commit", { commit: "main" }, "commit", /not a commit id/],
    ["a secret-looking build argument", { buildArgs: { NPM_TOKEN: "abc" } }, "buildArgs.NPM_TOKEN", /image's history/],
    ["an absolute dockerfile", { dockerfile: "/etc/Dockerfile" }, "dockerfile", /relative to the context/],
    ["an empty context", { context: "" }, "context", /missing/],
  ])("refuses %s", (_label, patch, field, problem) => {
    const error = expectRefusal(() => new ImagePipeline(stack(), "web", { ...PROPS, ...(patch as Partial<ImagePipelineProps>) }), {
      where: "test/web",
      field,
      problem,
    });
    expect(error.message).not.toContain('"abc"');
  });

  test("promotion refuses a tag as the source, and latest as the target tag", () => {
    expectRefusal(
      () => new ImagePromotion(stack(), "p", { source: "registry.example.com/shop/web:1.4.2", toRepository: "registry.example.com/shop/web-prod", tag: "v1" }),
      {
        where: "test/p",
        field: "source",
        value: "registry.example.com/shop/web:1.4.2",
        problem: /promotion is by digest/,
      },
    );
    expectRefusal(
      () =>
        new ImagePromotion(stack(), "p", {
          source: `registry.example.com/shop/web@${DIGEST}`,
          toRepository: "registry.example.com/shop/web-prod",
          tag: "latest",
        }),
      {
        where: "test/p",
        field: "tag",
        value: "latest",
        problem: /moving tag/,
      },
    );
  });
});

describe("production references images by digest (CIS 5.28 with requirePinnedImages)", () => {
  const health = { command: "true" };
  const production = { requirePinnedImages: true };

  test("the commit tag the pipeline pushes is refused in a production context", () => {
    const pipeline = new ImagePipeline(stack(), "web", PROPS);
    expect(() => validateContainer({ name: "web", image: pipeline.taggedImage, healthCheck: health }, "prod/web", production)).toThrow(PolicyError);
    expect(() => validateContainer({ name: "web", image: pipeline.taggedImage, healthCheck: health }, "prod/web", production)).toThrow(
      /prod\/web: policy CIS-5\.28 .*is not pinned by digest/,
    );
    // Outside production a specific tag passes.
    expect(() => validateContainer({ name: "web", image: pipeline.taggedImage, healthCheck: health }, "dev/web", {})).not.toThrow();
  });

  test("the same repository by digest is accepted", () => {
    expect(validateContainer({ name: "web", image: `${PROPS.repository}@${DIGEST}`, healthCheck: health }, "prod/web", production).image).toBe(
      `${PROPS.repository}@${DIGEST}`,
    );
  });
});
