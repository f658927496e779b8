/**
 * The storage drivers' host preparation and daemon.json, for real: each driver's preparation
 * commands run (`sh -eu`) against a loop device in a private mount namespace (storage-sandbox.ts),
 * twice, to show the second run changes nothing and never reformats; a device that already holds
 * something is refused and left intact. Then dockerd starts on the prepared volume with the
 * rendered config (btrfs; overlay2 on XFS with ftype=1), `docker info` names the driver and a
 * container runs. shellcheck reads every driver's commands, the ones that cannot run here too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_DAEMON_ULIMITS, StorageDriver } from "cdktf-docker-environments";
import { TEST_IMAGE, run, runOk, ulimitsForThisHost } from "./docker-engine";
import { dockerInfo, expectOnlySandboxPathsDiffer, startEngineWith } from "./daemon-engine";
import { createStorageSandbox, probe } from "./storage-sandbox";
import type { StorageSandbox } from "./storage-sandbox";

const ULIMITS = ulimitsForThisHost() ?? DEFAULT_DAEMON_ULIMITS;

/** Fails with a clear message when the kernel cannot mount the filesystem (after trying modprobe). */
function requireKernelFilesystem(fsType: string): void {
  const listed = () =>
    fs
      .readFileSync("/proc/filesystems", "utf8")
      .split("\n")
      .some((line) => line.split("\t").pop() === fsType);
  if (!listed()) run(["modprobe", fsType]);
  if (!listed())
    throw new Error(`this kernel has no ${fsType} support (not in /proc/filesystems, modprobe ${fsType} failed): the ${fsType} storage test cannot run here`);
}

for (const tool of ["mkfs.btrfs", "mkfs.xfs", "xfs_info", "losetup", "unshare", "findmnt", "shellcheck"]) {
  if (run(["sh", "-c", 'command -v "$1"', "sh", tool]).status !== 0) throw new Error(`${tool} is not installed: run test/integration/install-deps.sh`);
}

const cases = [
  { label: "btrfs", storage: StorageDriver.btrfs(), fsType: "btrfs", mkfs: /^mkfs\.btrfs \/dev\/loop\d+$/, driverStatus: [] as string[][] },
  {
    label: "overlay2 on XFS",
    storage: StorageDriver.overlay2({ filesystem: "xfs" }),
    fsType: "xfs",
    mkfs: /^mkfs\.xfs -n ftype=1 \/dev\/loop\d+$/,
    driverStatus: [
      ["Backing Filesystem", "xfs"],
      ["Supports d_type", "true"],
    ],
  },
];

describe.each(cases)("$label on a dedicated (loop) volume", ({ storage, fsType, mkfs, driverStatus }) => {
  let sandbox: StorageSandbox;
  let dataRoot: string;
  beforeAll(() => {
    requireKernelFilesystem(fsType);
    sandbox = createStorageSandbox();
    dataRoot = path.join(sandbox.dir, "docker");
  });
  afterAll(() => {
    run(["umount", dataRoot]);
    sandbox?.remove();
  });

  test("the preparation formats the blank volume once, mounts it by UUID with nofail and orders docker.service after it", () => {
    const first = sandbox.prepare(
      storage.preparation(sandbox.device, dataRoot),
      `findmnt -n -r -o FSTYPE,SOURCE --mountpoint ${dataRoot}; echo data > ${dataRoot}/marker`,
    );
    expect(first.stderr).not.toMatch(/^storage: /m);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`${fsType} ${sandbox.device}`);
    expect(sandbox.mkfsCalls()).toEqual([expect.stringMatching(mkfs)]);
    const uuid = probe(sandbox.device, "UUID");
    expect(probe(sandbox.device, "TYPE")).toBe(fsType);
    expect(fs.readFileSync(sandbox.fstab, "utf8")).toBe(`UUID=${uuid} ${dataRoot} ${fsType} defaults,nofail 0 0\n`);
    expect(fs.readFileSync(path.join(sandbox.systemd, "docker.service.d", "10-cdktfde-data-volume.conf"), "utf8")).toBe(
      `[Unit]\nRequiresMountsFor=${dataRoot}\n`,
    );
  });

  test("a second run changes nothing: no mkfs, the same fstab line, the data still there", () => {
    const uuid = probe(sandbox.device, "UUID");
    const fstab = fs.readFileSync(sandbox.fstab, "utf8");
    const second = sandbox.prepare(storage.preparation(sandbox.device, dataRoot), `cat ${dataRoot}/marker`);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe("data\n");
    expect(sandbox.mkfsCalls()).toHaveLength(1);
    expect(probe(sandbox.device, "UUID")).toBe(uuid);
    expect(fs.readFileSync(sandbox.fstab, "utf8")).toBe(fstab);
  });

  test("dockerd starts on the prepared volume with the rendered config: docker info names the driver, a container runs", async () => {
    runOk(["mount", sandbox.device, dataRoot]); // this time in the host's namespace, where dockerd runs
    const configured = await startEngineWith({ storage, defaultUlimits: ULIMITS }, { dataRoot });
    try {
      expectOnlySandboxPathsDiffer(configured);
      expect(configured.json["storage-driver"]).toBe(storage.name);
      const info = dockerInfo(configured.engine) as { Driver: string; DriverStatus: string[][]; DockerRootDir: string };
      expect(info.Driver).toBe(storage.name);
      expect(info.DockerRootDir).toBe(dataRoot);
      expect(info.DriverStatus).toEqual(expect.arrayContaining(driverStatus));
      expect(configured.engine.dockerOk(["run", "--rm", TEST_IMAGE, "echo", `ran on ${storage.name}`])).toBe(`ran on ${storage.name}`);
      if (fsType === "btrfs") expect(runOk(["btrfs", "subvolume", "list", dataRoot])).toMatch(/ path btrfs\/subvolumes\/[0-9a-f]{64}$/m);
      if (fsType === "xfs") expect(runOk(["xfs_info", dataRoot])).toMatch(/ftype=1/);
    } finally {
      await configured.engine.stop();
    }
  });
});

describe("a volume that already holds something is never reformatted", () => {
  const sandboxes: StorageSandbox[] = [];
  afterAll(() => sandboxes.forEach((s) => s.remove()));

  test("an ext4 volume offered to btrfs: refused with the reason, the filesystem intact (same UUID), no fstab line", () => {
    const sandbox = createStorageSandbox(256);
    sandboxes.push(sandbox);
    runOk(["mkfs.ext4", "-q", sandbox.device]);
    const uuid = probe(sandbox.device, "UUID");
    const result = sandbox.prepare(StorageDriver.btrfs().preparation(sandbox.device, path.join(sandbox.dir, "docker")));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`storage: ${sandbox.device} holds ext4, not btrfs; it is never reformatted`);
    expect(sandbox.mkfsCalls()).toEqual([]);
    expect([probe(sandbox.device, "TYPE"), probe(sandbox.device, "UUID")]).toEqual(["ext4", uuid]);
    expect(fs.readFileSync(sandbox.fstab, "utf8")).toBe("");
  });

  test("a partitioned volume offered to overlay2: refused, the partition table intact", () => {
    const sandbox = createStorageSandbox(256);
    sandboxes.push(sandbox);
    runOk(["sfdisk", "--quiet", "--no-reread", sandbox.device], { input: "label: gpt\n,64M\n" });
    const result = sandbox.prepare(StorageDriver.overlay2().preparation(sandbox.device, path.join(sandbox.dir, "docker")));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`storage: ${sandbox.device} holds a partition table or nothing blkid knows, not xfs; it is never reformatted`);
    expect(sandbox.mkfsCalls()).toEqual([]);
    expect(probe(sandbox.device, "PTTYPE")).toBe("gpt");
  });
});

describe("shellcheck reads every driver's preparation", () => {
  const drivers: [string, StorageDriver][] = [
    ["overlay2 (xfs)", StorageDriver.overlay2()],
    ["overlay2 (ext4)", StorageDriver.overlay2({ filesystem: "ext4" })],
    ["overlay (xfs)", StorageDriver.overlay()],
    ["btrfs", StorageDriver.btrfs()],
    ["zfs", StorageDriver.zfs()],
    ["devicemapper (direct-lvm)", StorageDriver.devicemapper()],
    ["aufs", StorageDriver.aufs()],
    ["vfs", StorageDriver.vfs({ acknowledgeDebuggingOnly: "engine debugging session" })],
    ["containerd snapshotter (xfs)", StorageDriver.containerdSnapshotter()],
  ];
  test.each(drivers)("%s", (_name, driver) => {
    const script = `#!/bin/sh\nset -eu\n${driver.preparation("/dev/nvme1n1", "/var/lib/docker").join("\n")}\n`;
    const result = run(["shellcheck", "--shell=sh", "--severity=style", "-"], { input: script });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
