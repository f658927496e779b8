import { StorageDriver, compareEngineVersions, engineAtLeast, parseEngineVersion } from "cdktf-docker-environments";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "host web-1";
const DEVICE = "/dev/nvme1n1";
const ROOT = "/var/lib/docker";

describe("each driver's daemon.json fragment and packages", () => {
  test.each([
    ["overlay2 (xfs)", StorageDriver.overlay2(), { "storage-driver": "overlay2", features: { "containerd-snapshotter": false } }, ["xfsprogs"]],
    [
      "overlay2 (ext4)",
      StorageDriver.overlay2({ filesystem: "ext4" }),
      { "storage-driver": "overlay2", features: { "containerd-snapshotter": false } },
      ["e2fsprogs"],
    ],
    ["overlay", StorageDriver.overlay(), { "storage-driver": "overlay", features: { "containerd-snapshotter": false } }, ["xfsprogs"]],
    ["btrfs", StorageDriver.btrfs(), { "storage-driver": "btrfs", features: { "containerd-snapshotter": false } }, ["btrfs-progs"]],
    ["zfs", StorageDriver.zfs(), { "storage-driver": "zfs", features: { "containerd-snapshotter": false } }, ["zfsutils-linux"]],
    [
      "devicemapper",
      StorageDriver.devicemapper(),
      {
        "storage-driver": "devicemapper",
        "storage-opts": ["dm.thinpooldev=/dev/mapper/docker-thinpool", "dm.use_deferred_removal=true", "dm.use_deferred_deletion=true"],
        features: { "containerd-snapshotter": false },
      },
      ["lvm2", "thin-provisioning-tools"],
    ],
    ["aufs", StorageDriver.aufs(), { "storage-driver": "aufs", features: { "containerd-snapshotter": false } }, ["e2fsprogs"]],
    [
      "vfs",
      StorageDriver.vfs({ acknowledgeDebuggingOnly: "bisecting an engine bug" }),
      { "storage-driver": "vfs", features: { "containerd-snapshotter": false } },
      ["e2fsprogs"],
    ],
    ["containerd snapshotter", StorageDriver.containerdSnapshotter(), { features: { "containerd-snapshotter": true } }, ["xfsprogs"]],
  ])("%s", (_label, driver, settings, packages) => {
    expect(driver.daemonSettings()).toEqual(settings);
    expect(driver.packages).toEqual(packages);
  });
});

describe("preparation", () => {
  test("overlay2 on XFS (snapshot): format only a blank device, ftype=1, fstab by UUID with nofail, docker.service after the mount", () => {
    expect(StorageDriver.overlay2().preparation(DEVICE, ROOT)).toMatchSnapshot();
  });

  const all = [
    StorageDriver.overlay2(),
    StorageDriver.overlay2({ filesystem: "ext4" }),
    StorageDriver.overlay(),
    StorageDriver.btrfs(),
    StorageDriver.zfs(),
    StorageDriver.devicemapper(),
    StorageDriver.aufs(),
    StorageDriver.vfs({ acknowledgeDebuggingOnly: "bisecting an engine bug" }),
    StorageDriver.containerdSnapshotter(),
  ];
  test.each(all.map((d) => [d.name, d] as const))(
    "%s never forces a format: every mkfs, pvcreate and zpool create sits behind a blank-device check",
    (_name, driver) => {
      const commands = driver.preparation(DEVICE, ROOT);
      for (const command of commands) {
        expect(command).not.toMatch(/\bmkfs\.\w+ (.* )?-[fF]\b|zpool create -f|pvcreate -f|wipefs (-a|--all)/);
        if (/\b(mkfs\.\w+|pvcreate|zpool create) /.test(command)) expect(command).toMatch(/blkid -p \/dev\/nvme1n1 >\/dev\/null 2>&1 \|\| rc=\$\?;/);
        expect(command).not.toContain("\n");
      }
    },
  );

  test("overlay2 on XFS formats with ftype=1 and checks it after mounting; btrfs and ext4 use their own mkfs", () => {
    expect(StorageDriver.overlay2().preparation(DEVICE, ROOT).join("\n")).toMatch(
      /mkfs\.xfs -n ftype=1 \/dev\/nvme1n1[\s\S]*xfs_info \/var\/lib\/docker \| grep -q 'ftype=1'/,
    );
    expect(StorageDriver.overlay2({ filesystem: "ext4" }).preparation(DEVICE, ROOT).join("\n")).toMatch(
      /mkfs\.ext4 -q \/dev\/nvme1n1[\s\S]*echo "UUID=\$uuid \/var\/lib\/docker ext4 defaults,nofail 0 2"/,
    );
    expect(StorageDriver.btrfs().preparation(DEVICE, "/srv/docker/").join("\n")).toMatch(
      /mkfs\.btrfs \/dev\/nvme1n1[\s\S]*"UUID=\$uuid \/srv\/docker btrfs defaults,nofail 0 0"/,
    );
  });

  test("devicemapper: direct-lvm thin pool with the autoextend profile and monitoring", () => {
    const commands = StorageDriver.devicemapper({ autoextendThreshold: 70, autoextendPercent: 30 }).preparation(DEVICE, ROOT).join("\n");
    expect(commands).toContain("lvcreate --wipesignatures y -n thinpool docker -l 95%VG");
    expect(commands).toContain("lvconvert -y --zero n -c 512K --thinpool docker/thinpool --poolmetadata docker/thinpoolmeta");
    expect(commands).toContain(
      "thin_pool_autoextend_threshold=%s\\n  thin_pool_autoextend_percent=%s\\n}\\n' 70 30 > /etc/lvm/profile/docker-thinpool.profile",
    );
    expect(commands).toContain("lvchange --metadataprofile docker-thinpool docker/thinpool");
    expect(commands).toContain("lvchange --monitor y docker/thinpool");
  });

  test("zfs: imports the pool when the device already carries it, creates it only on a blank device", () => {
    const commands = StorageDriver.zfs({ pool: "docker-data" }).preparation(DEVICE, ROOT).join("\n");
    expect(commands).toMatch(/if \[ "\$fs" = zfs_member \]; then zpool import docker-data;/);
    expect(commands).toContain("zpool create -m /var/lib/docker docker-data /dev/nvme1n1");
  });

  test("the containerd image store also keeps containerd's root on the data volume", () => {
    const commands = StorageDriver.containerdSnapshotter().preparation(DEVICE, ROOT).join("\n");
    expect(commands).toContain(
      'echo "/var/lib/docker/containerd /var/lib/containerd none bind,nofail,x-systemd.requires-mounts-for=/var/lib/docker 0 0" >> /etc/fstab',
    );
  });

  test.each([
    ["a device outside /dev", "/tmp/disk.img", ROOT, "device", /block device path under \/dev/],
    ["a device with a shell metacharacter", "/dev/sdb;reboot", ROOT, "device", /block device path/],
    ["a relative data root", DEVICE, "docker", "dataRoot", /absolute path/],
    ["the root directory as data root", DEVICE, "/", "dataRoot", /system directory/],
    ["a data root with a space", DEVICE, "/var/lib/my docker", "dataRoot", /absolute path/],
  ])("refuses %s", (_label, device, dataRoot, field, problem) => {
    expectRefusal(() => StorageDriver.btrfs().preparation(device, dataRoot), { where: "StorageDriver.btrfs.preparation", field, problem });
  });
});

describe("factory refusals", () => {
  test.each<[string, () => unknown, string, string, unknown, RegExp]>([
    ["loop-lvm", () => StorageDriver.devicemapper({ mode: "loop-lvm" }), "StorageDriver.devicemapper", "mode", "loop-lvm", /loopback files.*testing only/],
    [
      "a volume group with a dash",
      () => StorageDriver.devicemapper({ volumeGroup: "docker-vg" }),
      "StorageDriver.devicemapper",
      "volumeGroup",
      "docker-vg",
      /not a volume group name/,
    ],
    [
      "autoextend at 100%",
      () => StorageDriver.devicemapper({ autoextendThreshold: 100 }),
      "StorageDriver.devicemapper",
      "autoextendThreshold",
      100,
      /100 turns autoextend off/,
    ],
    ["autoextend by 0%", () => StorageDriver.devicemapper({ autoextendPercent: 0 }), "StorageDriver.devicemapper", "autoextendPercent", 0, /1 to 100/],
    [
      "vfs without acknowledgement",
      () => StorageDriver.vfs({ acknowledgeDebuggingOnly: "" }),
      "StorageDriver.vfs",
      "acknowledgeDebuggingOnly",
      "",
      /no copy-on-write.*debugging/,
    ],
    [
      "overlay2 on btrfs",
      () => StorageDriver.overlay2({ filesystem: "btrfs" as never }),
      "StorageDriver.overlay2",
      "filesystem",
      "btrfs",
      /ext4, or xfs with ftype=1/,
    ],
    ["a zfs pool named like a vdev", () => StorageDriver.zfs({ pool: "mirror1" }), "StorageDriver.zfs", "pool", "mirror1", /vdev keyword/],
  ])("refuses %s", (_label, fn, where, field, value, problem) => {
    expectRefusal(fn, { where, field, value, problem });
  });
});

describe("checkEngine", () => {
  test.each<[string, StorageDriver, string, RegExp]>([
    ["aufs on 24.0", StorageDriver.aufs(), "24.0.0", /the aufs storage driver was removed in Docker Engine 24\.0, and this host pins Engine 24\.0\.0/],
    [
      "overlay on 27.5.1",
      StorageDriver.overlay(),
      "27.5.1",
      /the overlay storage driver was removed in Docker Engine 24\.0, and this host pins Engine 27\.5\.1/,
    ],
    [
      "devicemapper on 25.0",
      StorageDriver.devicemapper(),
      "5:25.0.5-1~ubuntu.22.04~jammy",
      /the devicemapper storage driver was removed in Docker Engine 25\.0, and this host pins Engine 25\.0\.5/,
    ],
    [
      "the containerd image store on 23.0",
      StorageDriver.containerdSnapshotter(),
      "23.0.6",
      /needs Docker Engine 24\.0 or later, and this host pins Engine 23\.0\.6/,
    ],
  ])("refuses %s, naming both versions", (_label, driver, version, problem) => {
    expectRefusal(() => driver.checkEngine(version, WHERE), { where: WHERE, field: "storage", value: driver.name, problem });
  });

  test("warns about deprecated or disabled drivers it still accepts", () => {
    expect(StorageDriver.devicemapper().checkEngine("24.0.9", WHERE)).toEqual([
      "devicemapper is disabled by default from Engine 23.0 (this host pins 24.0.9) and removed in 25.0",
    ]);
    expect(StorageDriver.aufs().checkEngine("20.10.24+dfsg1", WHERE)).toEqual([
      "aufs is deprecated since Engine 19.03 (this host pins 20.10.24) and removed in 24.0",
    ]);
    expect(StorageDriver.containerdSnapshotter().checkEngine("24.0.0", WHERE)).toEqual([]);
    expect(StorageDriver.overlay2().checkEngine("29.1.0", WHERE)).toEqual([]);
  });

  test("refuses a version it cannot read", () => {
    expectRefusal(() => StorageDriver.overlay2().checkEngine("latest", WHERE), {
      where: WHERE,
      field: "engine version",
      value: "latest",
      problem: /not a Docker Engine version/,
    });
  });

  test("reads the forms a version comes in", () => {
    expect(parseEngineVersion("Docker version 20.10.24+dfsg1, build 5d6db84", WHERE)).toMatchObject({ major: 20, minor: 10, patch: 24 });
    expect(parseEngineVersion("5:27.5.1-1~ubuntu.24.04~noble", WHERE)).toMatchObject({ major: 27, minor: 5, patch: 1 });
    expect(parseEngineVersion("24.0", WHERE)).toMatchObject({ major: 24, minor: 0, patch: 0 });
    expect(engineAtLeast(parseEngineVersion("23.0.15", WHERE), "24.0")).toBe(false);
    expect(compareEngineVersions(parseEngineVersion("20.10.24", WHERE), { major: 20, minor: 10, patch: 3 })).toBeGreaterThan(0);
  });
});
