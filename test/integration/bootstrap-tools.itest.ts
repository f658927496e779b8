/**
 * The five bootstrappers' outputs, checked by the real programs that consume them:
 * `cloud-init schema` (and cloud-init's own runcmd script builder), `shellcheck`,
 * `ansible-playbook --syntax-check`, `ansible-lint --strict`, `puppet parser validate` and
 * `puppet parser dump`, `ruby -c` and Ruby running the Chef recipe, PyYAML for the Salt states;
 * and the shared shell (apt key check, run-once storage steps, the S3 fetch stub) run for real.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packUserData, renderAnsiblePlaybook, renderChefRecipe, renderCloudInit, renderPuppetManifest, renderSaltStates } from "cdktf-docker-environments";
import type { HostPlan } from "cdktf-docker-environments";
import { fetchAptKeyArgv, runOnceArgv } from "../../lib/render/bootstrap/bootstrap-shell";
import { readCloudInit, storageCommand } from "../support/bootstrap-readers";
import { btrfsHostPlan, composedHostPlan, fiftyServicesHostPlan, lookalikeFilesHostPlan, overlay2HostPlan } from "../support/host-plan-fixtures";
import { chefRecordedResources, hostStateFromChef, puppetParsedResources, runTool } from "./bootstrap-tool-readers";
import { hostStateFromPuppet } from "../support/bootstrap-readers";

/** Debian's python3, which has cloud-init's modules and PyYAML (not a pyenv shim). */
const PYTHON = "/usr/bin/python3";
const TOOLS = ["cloud-init", "shellcheck", "ansible-playbook", "ansible-lint", "puppet", "ruby", "gpg", "unshare", PYTHON];
const missing = TOOLS.filter((tool) => runTool("sh", ["-c", 'command -v "$1"', "sh", tool]).status !== 0);
const skip = missing.length > 0 && process.env.CDKTFDE_ALLOW_SKIP === "1";
if (skip) console.warn(`SKIPPING the bootstrap tool tests: ${missing.join(", ")} missing (CDKTFDE_ALLOW_SKIP=1)`);
const describeTools = skip ? describe.skip : describe;

const PLANS: [string, HostPlan][] = [
  ["overlay2", overlay2HostPlan()],
  ["btrfs", btrfsHostPlan()],
  ["fifty", fiftyServicesHostPlan()],
  ["composed", composedHostPlan()],
  ["lookalike-files", lookalikeFilesHostPlan()],
];

/** The plan's files as each tool's reader returns them: path, content and mode, in order. */
function expectedFiles(plan: HostPlan): { path: string; content: string; mode: string }[] {
  return plan.files.map((f) => ({ path: f.path, content: f.content, mode: f.mode }));
}

let work: string;

beforeAll(() => {
  if (missing.length > 0 && !skip) {
    throw new Error(
      `missing tools: ${missing.join(", ")}. Run \`npm run integration:deps\` (test/integration/install-deps.sh), or set CDKTFDE_ALLOW_SKIP=1 to skip loudly.`,
    );
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-bootstrap-"));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function expectOk(result: { status: number | null; output: string }, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.output}`);
}

/** shellcheck a script (its shebang picks the dialect) and expect not a single finding. */
function shellcheck(name: string, script: string, shell?: string): void {
  const file = write(`shellcheck/${name}`, script);
  expectOk(runTool("shellcheck", [...(shell ? ["--shell", shell] : []), "--severity=style", file]), `shellcheck ${name}`);
}

/** Every `/bin/sh -c SCRIPT` embedded in an argv, and for storage steps the plan's command too. */
function embeddedScripts(argv: string[]): string[] {
  if (argv[0] !== "/bin/sh" || argv[2] !== "-c") return [];
  return argv[4] === "prepare-storage" ? [argv[3], storageCommand(argv)] : [argv[3]];
}

describeTools.each(PLANS)("%s host plan", (name, plan) => {
  test("cloud-init schema accepts the cloud-config without a warning; shellcheck accepts runcmd as cloud-init builds it", () => {
    const { cloudConfig } = renderCloudInit(plan);
    const file = write(`${name}/cloud-config.yaml`, cloudConfig);
    const schema = runTool("cloud-init", ["schema", "--config-file", file]);
    expectOk(schema, "cloud-init schema");
    expect(schema.output).toContain("Valid cloud-config");
    expect(schema.output).not.toMatch(/deprecat|warning/i);
    // cloud-init writes runcmd as a script with its own shellify(); shellcheck that script, then each embedded script.
    const builder = 'import sys, yaml\nfrom cloudinit.util import shellify\nsys.stdout.write(shellify(yaml.safe_load(open(sys.argv[1]))["runcmd"]))';
    const runcmd = runTool(PYTHON, ["-c", builder, file]);
    expectOk(runcmd, "cloud-init shellify");
    expect(runcmd.stdout.split("\n").slice(0, 2)).toEqual(["#!/bin/sh", "set -eu"]);
    shellcheck(`${name}-runcmd.sh`, runcmd.stdout);
    // cloud-init's own loader: on a YAML error it logs a warning and drops the whole cloud-config.
    const loader =
      'import sys, json\nfrom cloudinit.util import load_yaml\nc = load_yaml(open(sys.argv[1]).read())\nprint(json.dumps([{"path": f["path"], "content": f["content"], "mode": f["permissions"]} for f in c["write_files"]]))';
    const loaded = runTool(PYTHON, ["-c", loader, file]);
    expectOk(loaded, "cloud-init's load_yaml");
    expect((JSON.parse(loaded.stdout) as unknown[]).slice(1)).toEqual(expectedFiles(plan));
    const argvs = readCloudInit(cloudConfig);
    [argvs.keyFetchArgv, ...argvs.storage.map((s) => s.argv)]
      .flatMap(embeddedScripts)
      .forEach((script, i) => shellcheck(`${name}-runcmd-embedded-${i}.sh`, script, "sh"));
  });

  test("a multi-part archive: cloud-init's own parser finds both parts intact (the cloud-config is the schema-checked one)", () => {
    const hook = "#!/bin/sh\necho site hook\n";
    const { cloudConfig, userData } = renderCloudInit(plan, { extraParts: [{ contentType: "text/x-shellscript", filename: "50-site.sh", content: hook }] });
    const reader = [
      "import sys, json",
      "from cloudinit.user_data import convert_string",
      "message = convert_string(open(sys.argv[1]).read())",
      "parts = [p for p in message.walk() if not p.is_multipart()]",
      "print(json.dumps([[p.get_content_type(), p.get_filename(), p.get_payload(decode=True).decode('utf-8')] for p in parts]))",
    ].join("\n");
    const parts = runTool(PYTHON, ["-c", reader, write(`${name}/user-data.mime`, userData)]);
    expectOk(parts, "cloud-init's user-data parser");
    expect(JSON.parse(parts.stdout)).toEqual([
      ["text/cloud-config", "cdktf-docker-host.cfg", cloudConfig],
      ["text/x-shellscript", "50-site.sh", hook],
    ]);
  });

  test("shellcheck accepts every user-data script", () => {
    shellcheck(`${name}-ansible.sh`, renderAnsiblePlaybook(plan).userData);
    shellcheck(`${name}-chef.sh`, renderChefRecipe(plan).userData);
    shellcheck(`${name}-salt.sh`, renderSaltStates(plan).userData);
    shellcheck(`${name}-puppet.sh`, renderPuppetManifest(plan).userData);
  });

  test("ansible-playbook --syntax-check and ansible-lint --strict accept the playbook; Ansible's loader reads the files back exactly", () => {
    const { playbook } = renderAnsiblePlaybook(plan);
    const dir = path.join(work, `${name}-ansible`);
    const file = write(`${name}-ansible/playbook.yml`, playbook);
    expectOk(runTool("ansible-playbook", ["--syntax-check", "--inventory", "localhost,", file]), "ansible-playbook --syntax-check");
    // No skip list: every rule of the production profile applies.
    const lint = runTool("ansible-lint", ["--strict", "--offline", "--nocolor", "playbook.yml"], {
      cwd: dir,
      env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: "false" },
    });
    expectOk(lint, "ansible-lint --strict");
    expect(lint.output).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
    const reader = [
      "import sys, json",
      "from ansible.parsing.utils.yaml import from_yaml",
      "play = from_yaml(open(sys.argv[1]).read())[0]",
      'print(json.dumps([t["ansible.builtin.copy"] for t in play["tasks"] if "ansible.builtin.copy" in t]))',
    ].join("\n");
    const copies = runTool(PYTHON, ["-c", reader, file]);
    expectOk(copies, "Ansible's YAML loader");
    const written = JSON.parse(copies.stdout) as { dest: string; content: string; mode: string }[];
    expect(written.slice(1).map((c) => ({ path: c.dest, content: c.content, mode: c.mode }))).toEqual(expectedFiles(plan));
  });

  test("puppet parser validate accepts the manifest, and Puppet's own parse of it gives the same host as cloud-init's", () => {
    const { manifest } = renderPuppetManifest(plan);
    const file = write(`${name}/site.pp`, manifest);
    expectOk(runTool("puppet", ["parser", "validate", file]), "puppet parser validate");
    expect(hostStateFromPuppet(puppetParsedResources(file))).toEqual({ ...readCloudInit(renderCloudInit(plan).cloudConfig), directories: expect.any(Array) });
  });

  test("ruby -c accepts the cookbook, and the recipe run by Ruby on the attributes declares the same host as cloud-init's", () => {
    const chef = renderChefRecipe(plan);
    for (const [doc, text] of [
      ["recipe.rb", chef.recipe],
      ["metadata.rb", chef.metadata],
      ["solo.rb", chef.soloConfig],
    ]) {
      const check = runTool("ruby", ["-c", write(`${name}/chef/${doc}`, text)]);
      expectOk(check, `ruby -c ${doc}`);
      expect(check.stdout.trim()).toBe("Syntax OK");
    }
    const resources = chefRecordedResources(path.join(work, name, "chef"), chef.attributes, chef.recipe);
    expect(hostStateFromChef(resources)).toEqual({ ...readCloudInit(renderCloudInit(plan).cloudConfig), directories: expect.any(Array) });
  });

  test("the Salt states: YAML that PyYAML reads (the files exactly), known state functions only, unique IDs, requisites that point at earlier states", () => {
    const { states, top } = renderSaltStates(plan);
    expect(states.split("\n")[0]).toBe("#!yaml");
    const file = write(`${name}/salt/cdktf_docker_host.sls`, states);
    write(`${name}/salt/top.sls`, top);
    // Salt's loader rejects duplicate keys; PyYAML keeps the last, so count the IDs as composed nodes.
    const reader = [
      "import sys, json, yaml",
      "node = yaml.compose(open(sys.argv[1]))",
      "ids = [k.value for k, _ in node.value]",
      "print(json.dumps({'ids': ids, 'states': yaml.safe_load(open(sys.argv[1])), 'top': yaml.safe_load(open(sys.argv[2]))}))",
    ].join("\n");
    const parsed = JSON.parse(runTool(PYTHON, ["-c", reader, file, path.join(work, name, "salt", "top.sls")]).stdout) as {
      ids: string[];
      states: Record<string, Record<string, Record<string, unknown>[]>>;
      top: Record<string, Record<string, string[]>>;
    };
    expect(new Set(parsed.ids).size).toBe(parsed.ids.length);
    expect(parsed.top).toEqual({ base: { "*": ["cdktf_docker_host"] } });
    const managed = plan.files.map((f) => {
      const args = Object.assign({}, ...parsed.states[f.path]["file.managed"]) as { contents: string; mode: string };
      return { path: f.path, content: args.contents, mode: args.mode };
    });
    expect(managed).toEqual(expectedFiles(plan));
    const known: Record<string, string[]> = {
      "pkg.installed": ["pkgs", "refresh", "install_recommends", "hold"],
      "cmd.run": ["name", "creates", "onchanges"],
      "file.directory": ["user", "group", "mode", "makedirs"],
      "file.managed": ["contents", "contents_newline", "user", "group", "mode", "makedirs"],
      "service.running": ["enable"],
    };
    const declared: string[] = [];
    for (const id of parsed.ids) {
      const functions = Object.keys(parsed.states[id]);
      expect(functions).toHaveLength(1);
      const [fn] = functions;
      expect(Object.keys(known)).toContain(fn);
      for (const arg of parsed.states[id][fn]) {
        const keys = Object.keys(arg);
        expect(keys).toHaveLength(1);
        if (keys[0] === "require" || keys[0] === "onchanges") {
          for (const requisite of arg[keys[0]] as Record<string, string>[]) {
            const [[module, target]] = Object.entries(requisite);
            expect(declared).toContain(`${module}:${target}`);
          }
        } else {
          expect(known[fn]).toContain(keys[0]);
        }
      }
      declared.push(`${fn.split(".")[0]}:${id}`);
    }
  });
});

describeTools("the shared shell, run for real", () => {
  /** Makes a key with real gpg and returns its armored export and fingerprint. */
  function makeKey(home: string, uid: string): { armored: string; fingerprint: string } {
    expectOk(runTool("gpg", ["--homedir", home, "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"]), "gpg --quick-gen-key");
    const listing = runTool("gpg", ["--homedir", home, "--with-colons", "--list-keys", uid]).stdout;
    const fingerprint = listing
      .split("\n")
      .find((l) => l.startsWith("fpr:"))
      ?.split(":")[9] as string;
    return { armored: runTool("gpg", ["--homedir", home, "--armor", "--export", uid]).stdout, fingerprint };
  }

  /** Runs the key-fetch argv with a `curl` on PATH that serves `served` instead of the network. */
  function fetchKey(served: string, fingerprint: string, keyPath: string) {
    const bin = path.join(work, "fake-bin");
    fs.mkdirSync(bin, { recursive: true });
    const source = write("served-key.asc", served);
    fs.writeFileSync(
      path.join(bin, "curl"),
      `#!/bin/sh\nwhile [ "$#" -gt 1 ]; do if [ "$1" = --output ]; then cp ${source} "$2"; exit 0; fi; shift; done\nexit 22\n`,
      { mode: 0o755 },
    );
    const [command, ...args] = fetchAptKeyArgv("https://download.example.com/gpg", fingerprint, keyPath);
    return runTool(command, args, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  }

  test("the apt key is installed only when its primary key has the pinned fingerprint, and alone", () => {
    const home = fs.mkdtempSync(path.join(work, "gnupg-"));
    const good = makeKey(home, "Docker Release (test) <docker@example.com>");
    const other = makeKey(home, "Someone Else <else@example.com>");
    const keyPath = path.join(work, "keyrings", "docker.asc");

    const accepted = fetchKey(good.armored, good.fingerprint, keyPath);
    expectOk(accepted, "fetch the right key");
    expect(fs.readFileSync(keyPath, "utf8")).toBe(good.armored);
    expect((fs.statSync(keyPath).mode & 0o777).toString(8)).toBe("644");
    fs.rmSync(keyPath);

    const wrong = fetchKey(other.armored, good.fingerprint, keyPath);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`its primary key fingerprint is [${other.fingerprint}], expected [${good.fingerprint}]`);
    expect(fs.existsSync(keyPath)).toBe(false);

    const both = runTool("gpg", ["--homedir", home, "--armor", "--export"]).stdout;
    expect(fetchKey(both, good.fingerprint, keyPath).status).toBe(1);
    expect(fs.existsSync(keyPath)).toBe(false);
    runTool("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]);
  });

  test("a storage step leaves its marker only when its command succeeded", () => {
    const marker = path.join(work, "state", "storage.done");
    const [command, ...args] = runOnceArgv("test -e /nonexistent-device", marker);
    expect(runTool(command, args).status).not.toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    const out = path.join(work, "prepared");
    const [command2, ...args2] = runOnceArgv(`echo prepared >${out}`, marker);
    expectOk(runTool(command2, args2), "run-once");
    expect(fs.readFileSync(out, "utf8")).toBe("prepared\n");
    expect(fs.existsSync(marker)).toBe(true);
    expect((fs.statSync(path.dirname(marker)).mode & 0o777).toString(8)).toBe("700");
  });

  test("user data over 16 KB even gzipped: shellcheck accepts the stubs; the shell stub refuses a tampered object and runs the right one", () => {
    const noise = randomBytes(30000).toString("base64");
    const script = `#!/bin/sh\n# ${noise}\necho bootstrapped >/var/lib/cdktf-docker-environments/ran\n`;
    const packed = packUserData(script, { s3: { bucket: "acme-user-data", key: "hosts/web-1.sh" } });
    expect(packed.method).toBe("s3");
    const stub = (packed.userData as { text: string }).text;
    shellcheck("s3-stub.sh", stub);
    shellcheck(
      "s3-stub-cloud-config.sh",
      (packUserData(`#cloud-config\n# ${noise}\n`, { s3: { bucket: "acme-user-data", key: "k" } }).userData as { text: string }).text,
    );

    // Fake aws and IMDS: `aws s3 cp` copies the object from a local file; curl answers the token and region.
    const bin = path.join(work, "stub-bin");
    fs.mkdirSync(bin, { recursive: true });
    const object = write("s3-object", script);
    fs.writeFileSync(path.join(bin, "aws"), `#!/bin/sh\nfor last; do :; done\ncp ${object} "$last"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "curl"), "#!/bin/sh\necho eu-west-1\n", { mode: 0o755 });
    const stubFile = write("stub.sh", stub);
    // A private mount namespace with an empty /var/lib, so the stub's state directory is the test's own.
    const runStub = () =>
      runTool("unshare", [
        "--mount",
        "sh",
        "-c",
        'mount -t tmpfs tmpfs /var/lib && PATH="$1:$PATH" sh "$2"; status=$?; cat /var/lib/cdktf-docker-environments/ran 2>/dev/null; exit $status',
        "sh",
        bin,
        stubFile,
      ]);
    const ok = runStub();
    expectOk(ok, "the S3 fetch stub");
    expect(ok.stdout).toBe("bootstrapped\n");

    fs.writeFileSync(object, script.replace("bootstrapped", "tampered!!!!"));
    const tampered = runStub();
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toBe("/var/lib/cdktf-docker-environments/user-data: FAILED\n");
    expect(tampered.stderr).toContain("WARNING: 1 computed checksum did NOT match");
  });
});
