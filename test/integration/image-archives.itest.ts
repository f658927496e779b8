/**
 * The air-gapped path (docker save / docker load, chapter 8.7), run for real: the rendered unit
 * passes `systemd-analyze verify`, the script passes shellcheck, and the script loads a
 * `docker save` archive into a private Docker engine after checking its sha256, with a stand-in
 * for `aws s3 cp` that copies from a local directory laid out like the bucket.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderImageArchiveLoader } from "../../lib/render/image-archive-loader";
import type { ImageArchive } from "../../lib/render/image-archive-loader";
import { TEST_IMAGE, run, runOk, startDockerEngineWithTestImage } from "./docker-engine";
import type { CommandResult, DockerEngine } from "./docker-engine";

let engine: DockerEngine;
let work: string;
const BUCKET = "cdktfde-image-archives";

beforeAll(async () => {
  engine = await startDockerEngineWithTestImage();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-archives-"));
  fs.mkdirSync(path.join(work, "bin"));
  fs.mkdirSync(path.join(work, "s3", BUCKET, "images"), { recursive: true });
  // A stand-in for the AWS CLI: `aws s3 cp [--only-show-errors] [--region R] s3://bucket/key file`, from ./s3/bucket/key.
  fs.writeFileSync(
    path.join(work, "bin", "aws"),
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> '${work}/aws-calls.log'`,
      '[ "$1 $2" = "s3 cp" ] || exit 252',
      "shift 2",
      'while [ "${1#--}" != "$1" ]; do case "$1" in --region) shift 2 ;; *) shift ;; esac; done',
      `exec cp -- "${work}/s3/\${1#s3://}" "$2"`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
}, 120000);

afterAll(async () => {
  await engine?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 60000);

/** `docker save | gzip` of an image into the fake bucket; returns the archive's URL, sha256 and the image ID. */
function saveArchive(image: string, key: string): { url: string; sha256: string; imageId: string } {
  const file = path.join(work, "s3", BUCKET, key);
  runOk(["sh", "-c", 'docker -H "$1" save "$2" | gzip -n > "$3"', "save", engine.host, image, file]);
  return { url: `s3://${BUCKET}/${key}`, sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex"), imageId: engine.inspect(image, "{{.Id}}") };
}

function runLoader(archives: ImageArchive[]): CommandResult {
  const rendered = renderImageArchiveLoader({ archives, scriptPath: path.join(work, "load-image-archives"), region: "eu-west-1" });
  fs.writeFileSync(rendered.scriptPath, rendered.script, { mode: 0o755 });
  return run([rendered.scriptPath], {
    env: {
      PATH: `${path.join(work, "bin")}:/usr/sbin:/usr/bin:/sbin:/bin`,
      DOCKER_HOST: engine.host,
      CACHE_DIRECTORY: path.join(work, "cache"),
      STATE_DIRECTORY: path.join(work, "state"),
    },
  });
}

const awsCalls = () =>
  fs.existsSync(path.join(work, "aws-calls.log")) ? fs.readFileSync(path.join(work, "aws-calls.log"), "utf8").split("\n").filter(Boolean) : [];
const hasImage = (image: string) => engine.docker(["image", "inspect", image]).status === 0;

describe("the image archive loader", () => {
  test("systemd-analyze verify accepts the unit and shellcheck the script", () => {
    const dir = path.join(work, "verify");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "docker.service"), "[Unit]\nDescription=Docker engine (stub for verify)\n\n[Service]\nExecStart=/usr/bin/true\n");
    fs.writeFileSync(path.join(dir, "web.service"), "[Unit]\nDescription=a service that runs a loaded image (stub)\n\n[Service]\nExecStart=/usr/bin/true\n");
    const rendered = renderImageArchiveLoader({
      archives: [{ archive: `s3://${BUCKET}/images/web.tar.gz`, sha256: "a".repeat(64), image: "registry.example.com/shop/web:1.4.2" }],
      scriptPath: path.join(dir, "load-image-archives"),
      before: ["web.service"],
    });
    fs.writeFileSync(rendered.scriptPath, rendered.script, { mode: 0o755 });
    const unit = path.join(dir, rendered.unitName);
    fs.writeFileSync(unit, rendered.unit);
    const verify = run(["systemd-analyze", "verify", "--man=no", "--generators=no", unit], { env: { SYSTEMD_UNIT_PATH: `${dir}:` } });
    expect({ status: verify.status, stderr: verify.stderr, stdout: verify.stdout }).toEqual({ status: 0, stderr: "", stdout: "" });
    const lint = run(["shellcheck", "--shell=bash", "--severity=style", rendered.scriptPath]);
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({ status: 0, output: "" });
    // The check is real: verify notices a script that is not there.
    fs.rmSync(rendered.scriptPath);
    expect(run(["systemd-analyze", "verify", "--man=no", "--generators=no", unit], { env: { SYSTEMD_UNIT_PATH: `${dir}:` } }).stderr).toMatch(
      /load-image-archives/,
    );
  });

  test("loads a verified archive instead of pulling, and skips it on the next boot", () => {
    const archive = saveArchive(TEST_IMAGE, "images/busybox.tar.gz");
    engine.dockerOk(["image", "rm", TEST_IMAGE]);
    expect(hasImage(TEST_IMAGE)).toBe(false);

    const first = runLoader([{ archive: archive.url, sha256: archive.sha256, image: TEST_IMAGE, imageId: archive.imageId }]);
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: "" });
    expect(first.stdout).toContain(`load-image-archives: loaded ${TEST_IMAGE} (${archive.imageId}) from ${archive.url}`);
    expect(engine.inspect(TEST_IMAGE, "{{.Id}}")).toBe(archive.imageId);
    expect(awsCalls()).toEqual([`s3 cp --only-show-errors --region eu-west-1 ${archive.url} ${path.join(work, "cache", `${archive.sha256}.tar`)}.part`]);
    expect(fs.readdirSync(path.join(work, "cache"))).toEqual([]);

    const second = runLoader([{ archive: archive.url, sha256: archive.sha256, image: TEST_IMAGE, imageId: archive.imageId }]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`${TEST_IMAGE} is already loaded from ${archive.url}`);
    expect(awsCalls()).toHaveLength(1);
  });

  test("refuses an archive whose sha256 does not match, before loading it", () => {
    engine.dockerOk(["tag", TEST_IMAGE, "cdktfde-test/tampered:1"]);
    const archive = saveArchive("cdktfde-test/tampered:1", "images/tampered.tar.gz");
    engine.dockerOk(["image", "rm", "cdktfde-test/tampered:1"]);
    const wrongSum = createHash("sha256").update("something else").digest("hex");
    const result = runLoader([{ archive: archive.url, sha256: wrongSum, image: "cdktfde-test/tampered:1" }]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`load-image-archives: ${archive.url} does not have the sha256 ${wrongSum}; refusing to load it`);
    expect(hasImage("cdktfde-test/tampered:1")).toBe(false);
    expect(fs.readdirSync(path.join(work, "cache"))).toEqual([]);
  });

  test("refuses and removes an image whose ID is not the pinned one", () => {
    engine.dockerOk(["tag", TEST_IMAGE, "cdktfde-test/other:1"]);
    const archive = saveArchive("cdktfde-test/other:1", "images/other.tar.gz");
    engine.dockerOk(["image", "rm", "cdktfde-test/other:1"]);
    const pinned = `sha256:${"0".repeat(64)}`;
    const result = runLoader([{ archive: archive.url, sha256: archive.sha256, image: "cdktfde-test/other:1", imageId: pinned }]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`has the id ${archive.imageId}, expected ${pinned}; removing it`);
    expect(hasImage("cdktfde-test/other:1")).toBe(false);
  });
});
