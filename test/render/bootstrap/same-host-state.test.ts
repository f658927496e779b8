/**
 * Same plan, same host, whichever bootstrapper: each output is parsed back (YAML for
 * cloud-init, Ansible and Salt; the JSON attributes for Chef; the manifest's resources for
 * Puppet) and must write the plan's files byte for byte, install and hold the same pinned
 * packages, run the same storage commands before the engine, and enable the same services.
 */
import { parse } from "yaml";
import {
  DOCKER_UBUNTU_NOBLE_REPOSITORY,
  renderAnsiblePlaybook,
  renderChefRecipe,
  renderCloudInit,
  renderPuppetManifest,
  renderSaltStates,
} from "cdktf-docker-environments";
import type { HostPlan } from "cdktf-docker-environments";
import {
  hostStateFromPuppet,
  readAnsible,
  readChef,
  readCloudInit,
  readPuppetManifest,
  readSalt,
  saltStates,
  storageCommand,
} from "../../support/bootstrap-readers";
import type { HostState } from "../../support/bootstrap-readers";
import { btrfsHostPlan, overlay2HostPlan } from "../../support/host-plan-fixtures";

const BOOTSTRAPPERS = ["cloud-init", "ansible", "chef", "salt", "puppet"] as const;

function hostStates(plan: HostPlan): Record<(typeof BOOTSTRAPPERS)[number], HostState> {
  return {
    "cloud-init": readCloudInit(renderCloudInit(plan).cloudConfig),
    ansible: readAnsible(renderAnsiblePlaybook(plan).playbook),
    chef: readChef(renderChefRecipe(plan).attributes),
    salt: readSalt(renderSaltStates(plan).states),
    puppet: hostStateFromPuppet(readPuppetManifest(renderPuppetManifest(plan).manifest)),
  };
}

/** A deb822 paragraph as key -> value. */
function deb822(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
  );
}

const pinnedOsPackage: HostPlan = { ...overlay2HostPlan(), packages: ["xfsprogs=6.6.0-1ubuntu2", "jq"] };

describe.each([
  ["overlay2 on xfs, two services", overlay2HostPlan()],
  ["btrfs, no services", btrfsHostPlan()],
  ["a pinned OS package", pinnedOsPackage],
])("%s", (_name, plan) => {
  const states = hostStates(plan);

  test.each(BOOTSTRAPPERS)("%s writes exactly the plan's files, after the engine repository's sources", (name) => {
    const { files, keyPath } = states[name];
    expect(files.slice(1)).toEqual(plan.files);
    const sources = files[0];
    expect(sources).toMatchObject({ path: "/etc/apt/sources.list.d/docker.sources", mode: "0644", owner: "root", group: "root" });
    expect(deb822(sources.content)).toEqual({
      Types: "deb",
      URIs: "https://download.docker.com/linux/ubuntu",
      Suites: "noble",
      Components: "stable",
      "Signed-By": keyPath,
    });
    expect(keyPath).toBe("/etc/apt/keyrings/docker.asc");
  });

  test.each(BOOTSTRAPPERS)("%s installs the same packages, the engine pinned and held", (name) => {
    const state = states[name];
    expect(state.osPackages).toEqual(["ca-certificates", "curl", "gnupg", ...plan.packages]);
    expect(state.enginePackages).toEqual(plan.engine.packages);
    expect(state.held).toEqual(plan.engine.packages.map((p) => p.split("=")[0]));
  });

  test.each(BOOTSTRAPPERS)("%s fetches Docker's key and accepts it only with the pinned fingerprint", (name) => {
    const argv = states[name].keyFetchArgv;
    expect(argv.slice(4)).toEqual([
      "fetch-apt-key",
      DOCKER_UBUNTU_NOBLE_REPOSITORY.keyUrl,
      "9DC858229FC7DD38854AE2D88D81803C0EBFCD88",
      "/etc/apt/keyrings/docker.asc",
    ]);
  });

  test.each(BOOTSTRAPPERS)("%s runs the plan's storage commands, each guarded by its own marker", (name) => {
    const storage = states[name].storage;
    expect(storage.map((s) => storageCommand(s.argv))).toEqual(plan.storagePreparation);
    for (const s of storage) expect(s.argv[6]).toBe(s.marker);
    expect(new Set(storage.map((s) => s.marker)).size).toBe(plan.storagePreparation.length);
  });

  test.each(BOOTSTRAPPERS)("%s enables and starts the engine, then the plan's services in order", (name) => {
    expect(states[name].services).toEqual(["docker.service", ...plan.services]);
  });

  test("all five read back to the same host state", () => {
    const withoutDirectories = (s: HostState) => ({ ...s, directories: undefined });
    for (const name of BOOTSTRAPPERS) expect(withoutDirectories(states[name])).toEqual(withoutDirectories(states["cloud-init"]));
  });

  test("the tools that need parent directories create the same ones, root:root 0755 like cloud-init's write_files", () => {
    const expected = [
      ...new Set(
        plan.files.flatMap((f) =>
          f.path
            .split("/")
            .slice(1, -1)
            .map((_, i, parts) => `/${parts.slice(0, i + 1).join("/")}`),
        ),
      ),
    ]
      .filter((d) => !["/etc", "/etc/systemd", "/etc/systemd/system"].includes(d))
      .map((path) => ({ path, mode: "0755", owner: "root", group: "root" }));
    for (const name of ["ansible", "chef", "salt", "puppet"] as const) expect(states[name].directories).toEqual(expected);
    expect(states["cloud-init"].directories).toBeUndefined();
  });
});

describe("the order is the same everywhere: storage is prepared before the engine is installed (and starts)", () => {
  const plan = overlay2HostPlan();

  test("cloud-init: runcmd stops at the first failure and prepares storage before apt-get installs the engine", () => {
    const runcmd = (parse(renderCloudInit(plan).cloudConfig) as { runcmd: (string | string[])[] }).runcmd;
    expect(runcmd[0]).toBe("set -eu");
    const index = (pred: (c: string[]) => boolean) => runcmd.findIndex((c) => Array.isArray(c) && pred(c));
    const lastStorage = runcmd.length - 1 - [...runcmd].reverse().findIndex((c) => Array.isArray(c) && c[4] === "prepare-storage");
    expect(index((c) => c[4] === "fetch-apt-key")).toBeLessThan(index((c) => c[4] === "prepare-storage"));
    expect(lastStorage).toBeLessThan(index((c) => c.includes("install") && c.includes("apt-get")));
    expect(index((c) => c.includes("install") && c.includes("apt-get"))).toBeLessThan(index((c) => c[1] === "daemon-reload"));
    expect(index((c) => c[1] === "daemon-reload")).toBeLessThan(index((c) => c[1] === "enable"));
  });

  test("Ansible: storage tasks come before the engine install, which comes before the services", () => {
    const tasks = (parse(renderAnsiblePlaybook(plan).playbook) as { tasks: Record<string, { argv?: string[]; name?: unknown }>[] }[])[0].tasks;
    const names = tasks.map((t) => String(t.name));
    const lastStorage = names.map((n) => n.startsWith("Prepare storage")).lastIndexOf(true);
    expect(lastStorage).toBeGreaterThan(names.indexOf("Write /etc/docker/daemon.json"));
    expect(lastStorage).toBeLessThan(names.indexOf("Install the pinned Docker engine"));
    expect(names.indexOf("Install the pinned Docker engine")).toBeLessThan(names.indexOf("Enable and start docker.service"));
  });

  test("Salt: every state requires the one before it, so a failed storage step stops the engine install", () => {
    const states = saltStates(renderSaltStates(plan).states);
    states.slice(1).forEach(([, , args], i) => {
      const [prevId, prevFn] = states[i];
      expect(args.require).toEqual([{ [prevFn.split(".")[0]]: prevId }]);
    });
    const ids = states.map(([id]) => id);
    expect(ids.indexOf("cdktf-storage-2")).toBeLessThan(ids.indexOf("cdktf-engine-packages"));
  });

  test("Puppet: every resource requires the one before it", () => {
    const resources = readPuppetManifest(renderPuppetManifest(plan).manifest);
    resources.slice(1).forEach((r, i) => {
      const prev = resources[i];
      expect(r.attributes.require).toBe(`${prev.type.charAt(0).toUpperCase()}${prev.type.slice(1)}['${prev.title}']`);
    });
    const titles = resources.map((r) => r.title);
    expect(titles.indexOf("cdktf-storage-2")).toBeLessThan(titles.indexOf("docker-ce"));
  });
});
