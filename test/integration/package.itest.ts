import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

/**
 * Builds and packs the library as `npm pack` would ship it, installs the tarball into a
 * separate project (its peer dependencies linked from ours, no registry), and uses it by name.
 */
describe("the npm package", () => {
  let work: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-pack-"));
    execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "pipe" });
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("installs from its tarball and synthesizes a LocalEnvironment in a user's project", () => {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/lib/index.d.ts"]));
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("stacks/") || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
    // The code ships as the one bundled entry (scripts/bundle-package.js); the per-module files are only types.
    expect(files.filter((f) => f.endsWith(".js"))).toEqual(["dist/index.js"]);

    const project = path.join(work, "user-project");
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(path.join(modules, "@cdktf"), { recursive: true });
    // What npm would install beside the package: its dependencies and peer dependencies (linked from ours: no registry here).
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      fs.symlinkSync(path.join(root, "node_modules", dep), path.join(modules, dep));
    }
    const installed = path.join(modules, "cdktf-docker-environments");
    fs.mkdirSync(installed);
    execFileSync("tar", ["-xzf", path.join(work, packed[0].filename), "-C", installed, "--strip-components=1"]);

    fs.writeFileSync(
      path.join(project, "main.js"),
      `const { App, TerraformStack } = require("cdktf");
const { DockerProvider } = require("@cdktf/provider-docker/lib/provider");
const { LocalEnvironment, renderSystemdUnit } = require("cdktf-docker-environments");
const app = new App({ outdir: "out" });
const stack = new TerraformStack(app, "mine");
new DockerProvider(stack, "docker", {});
new LocalEnvironment(stack, "env", { services: [{ name: "app", image: "app:1.0", healthCheck: { command: "true" } }] });
app.synth();
process.stdout.write(renderSystemdUnit({ name: "app", image: "app:1.0", healthCheck: { command: "true" } }));
`,
    );
    const unit = execFileSync(process.execPath, ["main.js"], { cwd: project, encoding: "utf8" });
    expect(unit).toContain("ExecStart=/usr/bin/docker run --rm --name app");
    const synthesized = JSON.parse(fs.readFileSync(path.join(project, "out", "stacks", "mine", "cdk.tf.json"), "utf8"));
    expect(Object.keys(synthesized.resource.docker_container)).toHaveLength(1);

    // Every value the TypeScript index exports, under the same name and of the same kind; loading the
    // package runs none of the library's modules until one of its exports is used.
    const probe = `const before = Object.keys(require.cache).length;
const pkg = require("cdktf-docker-environments");
const loaded = Object.keys(require.cache).slice(before);
const kinds = Object.fromEntries(Object.keys(pkg).map((name) => [name, typeof pkg[name]]));
process.stdout.write(JSON.stringify({ loaded, kinds }));`;
    const { loaded, kinds } = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: project, encoding: "utf8" }));
    expect(loaded.map((file: string) => path.relative(installed, file))).toEqual(["dist/index.js"]);
    const tscProbe = `const index = require(${JSON.stringify(path.join(root, "dist", "lib", "index.js"))});
process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(index).map((name) => [name, typeof index[name]]))));`;
    expect(kinds).toEqual(JSON.parse(execFileSync(process.execPath, ["-e", tscProbe], { encoding: "utf8" })));
    expect(Object.keys(kinds).length).toBeGreaterThan(150);

    const types = fs.readFileSync(path.join(installed, "dist", "lib", "index.d.ts"), "utf8");
    expect(types).toMatch(/LocalEnvironment/);
    expect(types).toMatch(/ContainerSpec/);
  });
});
