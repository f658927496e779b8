import { renderImageArchiveLoader } from "../../lib/render/image-archive-loader";
import type { ImageArchive } from "../../lib/render/image-archive-loader";
import { expectRefusal } from "../support/expect-refusal";

const SHA = "a".repeat(64);
const WEB: ImageArchive = {
  archive: "s3://acme-image-archives/web/1.4.2.tar.gz",
  sha256: SHA,
  image: "registry.example.com/shop/web:1.4.2",
  imageId: `sha256:${"b".repeat(64)}`,
};

describe("renderImageArchiveLoader", () => {
  test("renders the oneshot unit and the script", () => {
    const rendered = renderImageArchiveLoader({
      archives: [WEB, { archive: "s3://acme-image-archives/it's/worker.tar", sha256: "c".repeat(64), image: "worker:2" }],
      before: ["web.service", "worker.service"],
      region: "eu-west-1",
    });
    expect(rendered.unitName).toBe("load-image-archives.service");
    expect(rendered.scriptPath).toBe("/usr/local/libexec/cdktf-docker-environments/load-image-archives");
    expect(rendered.unit).toMatchSnapshot();
    expect(rendered.script).toMatchSnapshot();
    expect(rendered.unit).toContain("Before=web.service worker.service\n");
    expect(rendered.script).toContain(
      `load_image s3://acme-image-archives/web/1.4.2.tar.gz ${SHA} registry.example.com/shop/web:1.4.2 sha256:${"b".repeat(64)}\n`,
    );
    expect(rendered.script).toContain(`load_image 's3://acme-image-archives/it'\\''s/worker.tar' ${"c".repeat(64)} worker:2\n`);
    expect(rendered.script).toContain('aws s3 cp --only-show-errors --region eu-west-1 "$url" "$file.part"');
  });

  const WHERE = "image-archives";
  test.each([
    ["no archives", { archives: [] }, "archives", /nothing to load/],
    ["an https URL", { archives: [{ ...WEB, archive: "https://example.com/web.tar" }] }, "archives[0].archive", /s3:\/\/bucket\/key/],
    ["a short checksum", { archives: [{ ...WEB, sha256: "abc" }] }, "archives[0].sha256", /64 lowercase hex/],
    ["a digest reference", { archives: [{ ...WEB, image: `web@sha256:${SHA}` }] }, "archives[0].image", /no registry digest/],
    ["latest", { archives: [{ ...WEB, image: "web:latest" }] }, "archives[0].image", /specific tag/],
    ["an untagged image", { archives: [{ ...WEB, image: "web" }] }, "archives[0].image", /specific tag/],
    ["a bad image id", { archives: [{ ...WEB, imageId: "b".repeat(64) }] }, "archives[0].imageId", /not an image ID/],
    ["the same archive twice", { archives: [WEB, { ...WEB, image: "web:2" }] }, "archives[1].sha256", /listed twice/],
    ["a relative script path", { archives: [WEB], scriptPath: "load.sh" }, "scriptPath", /absolute path/],
    ["a unit name without .service", { archives: [WEB], unitName: "load" }, "unitName", /service unit name/],
    ["a before entry that is not a unit", { archives: [WEB], before: ["web"] }, "before[0]", /not a unit name/],
  ])("refuses %s", (_label, options, field, problem) => {
    expectRefusal(() => renderImageArchiveLoader(options as never), { where: WHERE, field, problem });
  });
});
