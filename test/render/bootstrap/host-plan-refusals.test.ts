import { renderAnsiblePlaybook, renderChefRecipe, renderCloudInit, renderPuppetManifest, renderSaltStates } from "cdktf-docker-environments";
import type { HostFile, HostPlan } from "cdktf-docker-environments";
import { expectRefusal } from "../../support/expect-refusal";
import { overlay2HostPlan } from "../../support/host-plan-fixtures";

const WHERE = "host web-1";
const plan = overlay2HostPlan();
const file = (overrides: Partial<HostFile>): HostFile => ({
  path: "/etc/app/app.env",
  content: "A=1\n",
  mode: "0640",
  owner: "root",
  group: "root",
  ...overrides,
});
const withFiles = (...files: HostFile[]): HostPlan => ({ ...plan, files: [...plan.files, ...files] });

describe("a host plan is refused before any bootstrapper renders it", () => {
  test.each([
    [
      "a relative file path",
      withFiles(file({ path: "etc/app.env" })),
      "files[8].path",
      "etc/app.env",
      /not an absolute path.*Fix: write it from the root, e\.g\. "\/etc\/etc\/app\.env"/,
    ],
    ["a path with ..", withFiles(file({ path: "/etc/app/../shadow" })), "files[8].path", "/etc/app/../shadow", /not a plain normalised path/],
    ["a path with a space", withFiles(file({ path: "/etc/my app.env" })), "files[8].path", "/etc/my app.env", /no spaces or shell characters/],
    ["a file under /run", withFiles(file({ path: "/run/app.env" })), "files[8].path", "/run/app.env", /volatile or kernel filesystem/],
    [
      "a duplicate path",
      withFiles(file({}), file({ content: "A=2\n" })),
      "files[9].path",
      "/etc/app/app.env",
      /listed twice; the later content would silently win/,
    ],
    [
      "a file used as a directory",
      withFiles(file({ path: "/etc/app" }), file({ path: "/etc/app/x.env" })),
      "files[8].path",
      "/etc/app",
      /is a file, but \/etc\/app\/x\.env needs it to be a directory/,
    ],
    [
      "the repository sources file",
      withFiles(file({ path: "/etc/apt/sources.list.d/docker.sources" })),
      "files[8].path",
      "/etc/apt/sources.list.d/docker.sources",
      /written by the bootstrap itself/,
    ],
    ["a three-digit mode", withFiles(file({ mode: "644" })), "files[8].mode", "644", /not a four-digit octal mode/],
    ["a setuid mode", withFiles(file({ mode: "4755" })), "files[8].mode", "4755", /without setuid, setgid or sticky bits/],
    ["a world-writable mode", withFiles(file({ mode: "0666" })), "files[8].mode", "0666", /world-writable/],
    ["a bad owner", withFiles(file({ owner: "Root User" })), "files[8].owner", "Root User", /not a user or group name/],
  ])("%s", (_what, bad, field, value, problem) => {
    expectRefusal(() => renderCloudInit(bad), { where: WHERE, field, value, problem });
  });

  test("daemon.json must be root:root 0644 (CIS Docker 3.17, 3.18) and a JSON object", () => {
    const [daemon, ...rest] = plan.files;
    const bad = { ...plan, files: [{ ...daemon, owner: "docker", mode: "0664", content: "{ live-restore: true }" }, ...rest] };
    const error = expectRefusal(() => renderAnsiblePlaybook(bad), { where: WHERE, field: "files[0].owner", value: "docker:root", problem: /CIS Docker 3\.17/ });
    expect(error.message).toContain(`${WHERE}: files[0].mode = "0664": daemon.json must have mode 0644 (CIS Docker 3.18). Fix: set mode "0644"`);
    expect(error.message).toMatch(
      /files\[0\]\.content = .*daemon\.json is not a JSON object \(.*\); dockerd would not start\. Fix: render it from a typed daemon configuration/,
    );
  });

  test.each([
    [
      "an unpinned docker-ce",
      ["docker-ce", "containerd.io"],
      "engine.packages[0]",
      "docker-ce",
      /not pinned.*Fix: pin it: "docker-ce=5:27\.5\.1-1~ubuntu\.24\.04~noble"/,
    ],
    [
      "a docker-ce pin of another version",
      ["docker-ce=5:26.1.4-1~ubuntu.24.04~noble"],
      "engine.packages[0]",
      "docker-ce=5:26.1.4-1~ubuntu.24.04~noble",
      /pins docker-ce 26\.1\.4 but engine\.version is 27\.5\.1/,
    ],
    [
      "a build for another Ubuntu",
      ["docker-ce=5:27.5.1-1~ubuntu.22.04~jammy"],
      "engine.packages[0]",
      "docker-ce=5:27.5.1-1~ubuntu.22.04~jammy",
      /built for jammy but the repository suite is noble/,
    ],
    [
      "a shell metacharacter",
      ["docker-ce=5:27.5.1-1~ubuntu.24.04~noble;reboot"],
      "engine.packages[0]",
      "docker-ce=5:27.5.1-1~ubuntu.24.04~noble;reboot",
      /not a Debian package name/,
    ],
    ["no docker-ce", ["containerd.io"], "engine.packages", ["containerd.io"], /no docker-ce package/],
  ])("engine: %s", (_what, packages, field, value, problem) => {
    expectRefusal(() => renderSaltStates({ ...plan, engine: { ...plan.engine, packages } }), { where: WHERE, field, value, problem });
  });

  test("the engine repository must be https with a full fingerprint", () => {
    const repository = {
      name: "docker",
      uri: "http://mirror.internal/docker",
      suite: "noble",
      components: ["stable"],
      keyUrl: "https://mirror.internal/gpg",
      keyFingerprint: "0EBFCD88",
    };
    const error = expectRefusal(() => renderChefRecipe({ ...plan, engine: { ...plan.engine, repository } }), {
      where: WHERE,
      field: "engine.repository.uri",
      value: "http://mirror.internal/docker",
      problem: /not an https URL.*plain-http mirror/,
    });
    expect(error.message).toContain(`${WHERE}: engine.repository.keyFingerprint = "0EBFCD88": not a full key fingerprint. Fix: give all 40 hex digits`);
  });

  test.each([
    ["the engine as an extra package", { packages: ["docker.io"] }, "packages[0]", "docker.io", /is an engine package/],
    ["a duplicate package", { packages: ["jq", "jq"] }, "packages[1]", "jq", /jq is listed twice/],
    ["an empty storage command", { storagePreparation: ["  "] }, "storagePreparation[0]", "  ", /not a shell command/],
    ["a unit without its type", { services: ["web"] }, "services[0]", "web", /not a systemd unit name.*Fix: write the full unit name, e\.g\. "web\.service"/],
    ["the engine's own unit", { services: ["docker.service"] }, "services[0]", "docker.service", /the engine's own unit/],
    ["a duplicate unit", { services: ["web.service", "web.service"] }, "services[1]", "web.service", /listed twice/],
    ["a host name with a newline", { name: "web\n1" }, "name", "web\n1", /not a host name/],
  ])("%s", (_what, overrides, field, value, problem) => {
    const where = "name" in overrides ? `host ${JSON.stringify("web\n1")}` : WHERE;
    expectRefusal(() => renderPuppetManifest({ ...plan, ...overrides } as HostPlan), { where, field, value, problem });
  });

  test("every problem is reported at once, one per line", () => {
    const bad = { ...plan, packages: ["docker.io"], services: ["web"] };
    const error = expectRefusal(() => renderCloudInit(bad), { where: WHERE, field: "packages[0]" });
    expect(error.message.split("\n")).toHaveLength(2);
  });

  test("a bootstrapper's own options are checked too", () => {
    expectRefusal(() => renderAnsiblePlaybook(plan, { ansibleCorePackage: "ansible-core; curl evil" }), {
      where: WHERE,
      field: "ansibleCorePackage",
      problem: /not a Debian package name/,
    });
    expectRefusal(() => renderChefRecipe(plan, { cincVersion: "latest" }), {
      where: WHERE,
      field: "cincVersion",
      value: "latest",
      problem: /not a Cinc Client version/,
    });
    expectRefusal(() => renderSaltStates(plan, { saltVersionPin: "3006; rm" }), {
      where: WHERE,
      field: "saltVersionPin",
      problem: /not an apt version pattern/,
    });
    expectRefusal(() => renderPuppetManifest(plan, { puppetPackage: "" }), { where: WHERE, field: "puppetPackage", problem: /not a Debian package name/ });
    expectRefusal(() => renderCloudInit(plan, { extraParts: [{ contentType: "text/html" as "text/x-shellscript", filename: "a.html", content: "" }] }), {
      where: WHERE,
      field: "extraParts[0].contentType",
      problem: /not a content type cloud-init runs/,
    });
  });
});
