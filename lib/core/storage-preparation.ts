import { SpecError } from "./spec-error";

/**
 * The shell commands that prepare a Docker host's storage (book chapter 11), before the engine
 * first starts. Each command is one self-contained line of POSIX sh (no variable crosses from one
 * command to the next), run as root with `sh -eu`, so a bootstrapper may run them as one script
 * or one task each. All are idempotent: a second run changes nothing. None ever reformats a
 * device that holds anything (a filesystem, a partition table, an LVM or ZFS signature): it
 * formats only what `blkid -p` reports blank (status 2) and fails loudly otherwise.
 */

const DEVICE = /^\/dev\/[A-Za-z0-9._/:+-]+$/;
const PATH = /^\/[A-Za-z0-9._/+-]*$/;
const SYSTEM_DIRECTORIES = ["/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var"];

/** Checks a block device path: under /dev, only characters that need no shell quoting. */
export function checkDevicePath(device: string, where: string, field = "device"): void {
  if (typeof device !== "string" || !DEVICE.test(device) || device.includes("/../")) {
    throw new SpecError(
      where,
      field,
      device,
      "not a block device path under /dev (letters, digits and . _ / : + - only)",
      "pass the data volume's device, e.g. /dev/nvme1n1 or /dev/disk/by-id/...",
    );
  }
}

/** Checks a data root: absolute, no shell metacharacters, not a system directory. */
export function checkDataRootPath(dataRoot: string, where: string, field = "dataRoot"): void {
  if (typeof dataRoot !== "string" || !PATH.test(dataRoot) || dataRoot.split("/").includes("..")) {
    throw new SpecError(where, field, dataRoot, "not an absolute path (letters, digits and . _ / + - only)", "use e.g. /var/lib/docker");
  }
  const normal = dataRoot.replace(/\/+$/, "") || "/";
  if (SYSTEM_DIRECTORIES.includes(normal)) {
    throw new SpecError(
      where,
      field,
      dataRoot,
      "is a system directory; mounting the data volume there would hide the operating system's files",
      "use a directory of its own, e.g. /var/lib/docker",
    );
  }
}

function fail(message: string): string {
  return `{ echo "storage: ${message}" >&2; exit 1; }`;
}

/** Waits up to two minutes for the device (an EBS volume may attach after boot). */
export function waitForDevice(device: string): string {
  return `i=0; while [ ! -b ${device} ] && [ "$i" -lt 60 ]; do i=$((i + 1)); sleep 2; done; [ -b ${device} ] || ${fail(`${device} is not a block device: is the data volume attached?`)}`;
}

/** Runs `mkfs` only when `blkid -p` finds no signature at all on the device (status 2). */
export function formatIfBlank(device: string, mkfs: readonly string[]): string {
  return (
    `rc=0; blkid -p ${device} >/dev/null 2>&1 || rc=$?; ` +
    `if [ "$rc" -eq 2 ]; then ${[...mkfs, device].join(" ")}; ` +
    `elif [ "$rc" -ne 0 ]; then echo "storage: blkid cannot probe ${device} (status $rc); it is left alone" >&2; exit 1; fi`
  );
}

/** Fails unless the device holds a filesystem of this type: it is never reformatted. */
export function requireFilesystem(device: string, type: string): string {
  return (
    `fs=$(blkid -p -o value -s TYPE ${device} || true); [ "$fs" = ${type} ] || ` +
    fail(
      `${device} holds \${fs:-a partition table or nothing blkid knows}, not ${type}; it is never reformatted: wipe it by hand (wipefs) if its data is not needed`,
    )
  );
}

/**
 * Adds one `/etc/fstab` line mounting the device by UUID with `nofail` (a missing volume must not
 * stop the boot; the docker.service drop-in below keeps the engine from starting without it).
 * Refuses when another line already mounts something at the mount point.
 */
export function fstabByUuid(device: string, mountPoint: string, type: string, options: string, pass: number): string {
  return (
    `uuid=$(blkid -p -o value -s UUID ${device} || true); [ -n "$uuid" ] || ${fail(`${device} has no filesystem UUID`)}; ` +
    `if awk -v mp=${mountPoint} -v src="UUID=$uuid" '$1 !~ /^#/ && $2 == mp && $1 != src { found = 1 } END { exit !found }' /etc/fstab; then ` +
    `echo "storage: /etc/fstab already mounts something else at ${mountPoint}; not adding a second line" >&2; exit 1; fi; ` +
    `awk -v mp=${mountPoint} -v src="UUID=$uuid" '$1 == src && $2 == mp { found = 1 } END { exit !found }' /etc/fstab || ` +
    `echo "UUID=$uuid ${mountPoint} ${type} ${options} 0 ${pass}" >> /etc/fstab`
  );
}

/** Mounts the mount point from /etc/fstab unless something is mounted there already. */
export function mountFromFstab(mountPoint: string): string {
  return `mkdir -p ${mountPoint}; mountpoint -q ${mountPoint} || mount ${mountPoint}`;
}

/** Fails unless the mount point is mounted from this device (by filesystem UUID). */
export function requireMountedFrom(device: string, mountPoint: string): string {
  return (
    `[ "$(findmnt -n -o UUID --mountpoint ${mountPoint})" = "$(blkid -p -o value -s UUID ${device})" ] || ` +
    fail(`${mountPoint} is not mounted from ${device}`)
  );
}

/** overlay2 on XFS needs d_type (`ftype=1`): Docker refuses it otherwise. */
export function requireXfsFtype(mountPoint: string): string {
  return `xfs_info ${mountPoint} | grep -q 'ftype=1' || ${fail(`the XFS filesystem at ${mountPoint} was made without ftype=1 (d_type), which overlay2 needs`)}`;
}

/**
 * A systemd drop-in so `unit` starts only with the mount point mounted: with `nofail`, a volume
 * that failed to attach would otherwise leave the engine writing to the root disk underneath.
 * Run `systemctl daemon-reload` afterwards (the bootstrappers do, after writing units).
 */
export function requireMountForUnit(unit: string, mountPoint: string): string {
  const dir = `/etc/systemd/system/${unit}.d`;
  return `mkdir -p ${dir} && printf '[Unit]\\nRequiresMountsFor=%s\\n' ${mountPoint} > ${dir}/10-cdktfde-data-volume.conf`;
}

/** Loads a kernel module when the running kernel does not list the filesystem yet. */
export function requireKernelFilesystem(fs: string, module: string = fs): string {
  return `grep -qw ${fs} /proc/filesystems || modprobe ${module} || ${fail(`the kernel has no ${fs} support (modprobe ${module} failed)`)}`;
}

/** The steps shared by every driver that keeps its data on a dedicated, formatted volume. */
export function mountedVolumePreparation(options: {
  readonly device: string;
  readonly mountPoint: string;
  readonly type: "xfs" | "ext4" | "btrfs";
  readonly mkfs: readonly string[];
  readonly fstabOptions: string;
  readonly fsckPass: number;
}): string[] {
  const { device, mountPoint, type } = options;
  return [
    waitForDevice(device),
    requireKernelFilesystem(type),
    formatIfBlank(device, options.mkfs),
    requireFilesystem(device, type),
    fstabByUuid(device, mountPoint, type, options.fstabOptions, options.fsckPass),
    mountFromFstab(mountPoint),
    requireMountedFrom(device, mountPoint),
    ...(type === "xfs" ? [requireXfsFtype(mountPoint)] : []),
    requireMountForUnit("docker.service", mountPoint),
  ];
}

/**
 * A ZFS pool on the device, mounted at the data root: imported when the device already carries
 * this pool (a replaced instance), created only when the device is blank.
 */
export function zfsPoolPreparation(device: string, mountPoint: string, pool: string): string[] {
  return [
    waitForDevice(device),
    requireKernelFilesystem("zfs"),
    `if ! zpool list -H -o name ${pool} >/dev/null 2>&1; then fs=$(blkid -p -o value -s TYPE ${device} || true); ` +
      `if [ "$fs" = zfs_member ]; then zpool import ${pool}; else rc=0; blkid -p ${device} >/dev/null 2>&1 || rc=$?; ` +
      `[ "$rc" -eq 2 ] || ${fail(`${device} holds \${fs:-a partition table or an unknown signature}, not the pool ${pool}; it is never reformatted`)}; ` +
      `zpool create -m ${mountPoint} ${pool} ${device}; fi; fi`,
    `[ "$(zfs get -H -o value mountpoint ${pool})" = ${mountPoint} ] || ${fail(`the pool ${pool} is not mounted at ${mountPoint}`)}`,
    `mountpoint -q ${mountPoint} || zfs mount ${pool}`,
    `mkdir -p /etc/systemd/system/docker.service.d && printf '[Unit]\\nRequires=zfs-mount.service\\nAfter=zfs-mount.service\\n' > /etc/systemd/system/docker.service.d/10-cdktfde-data-volume.conf`,
  ];
}

/** Thin pool autoextend: when the pool is `threshold`% full, LVM grows it by `percent`% of its size. */
export interface ThinPoolAutoextend {
  readonly threshold: number;
  readonly percent: number;
}

/**
 * devicemapper's direct-lvm layout (Docker's "Configure direct-lvm mode manually"): the whole
 * device as one physical volume, a volume group, a thin pool of 95% with 1% metadata, an LVM
 * profile that autoextends the pool, and monitoring (dmeventd) so the autoextend happens.
 */
export function lvmThinPoolPreparation(device: string, volumeGroup: string, autoextend: ThinPoolAutoextend): string[] {
  const pool = `${volumeGroup}/thinpool`;
  const profile = `${volumeGroup}-thinpool`;
  return [
    waitForDevice(device),
    `dmsetup targets | grep -qw thin-pool || modprobe dm_thin_pool || ${fail("the kernel has no device-mapper thin-pool target (modprobe dm_thin_pool failed)")}`,
    `if ! pvs ${device} >/dev/null 2>&1; then rc=0; blkid -p ${device} >/dev/null 2>&1 || rc=$?; ` +
      `[ "$rc" -eq 2 ] || ${fail(`${device} is not blank and not an LVM physical volume; it is never reformatted`)}; pvcreate ${device}; fi`,
    `vgs ${volumeGroup} >/dev/null 2>&1 || vgcreate ${volumeGroup} ${device}`,
    `if ! lvs ${pool} >/dev/null 2>&1; then lvcreate --wipesignatures y -n thinpool ${volumeGroup} -l 95%VG && ` +
      `lvcreate --wipesignatures y -n thinpoolmeta ${volumeGroup} -l 1%VG && ` +
      `lvconvert -y --zero n -c 512K --thinpool ${pool} --poolmetadata ${volumeGroup}/thinpoolmeta; fi`,
    `mkdir -p /etc/lvm/profile && printf 'activation {\\n  thin_pool_autoextend_threshold=%s\\n  thin_pool_autoextend_percent=%s\\n}\\n' ` +
      `${autoextend.threshold} ${autoextend.percent} > /etc/lvm/profile/${profile}.profile`,
    `lvchange --metadataprofile ${profile} ${pool}`,
    `lvchange --monitor y ${pool}`,
  ];
}

/** The filesystem the dedicated data volume is formatted with, for the overlay drivers. */
export type OverlayFilesystem = "xfs" | "ext4";

const MKFS: Record<OverlayFilesystem | "btrfs", { mkfs: string[]; pass: number }> = {
  xfs: { mkfs: ["mkfs.xfs", "-n", "ftype=1"], pass: 0 },
  ext4: { mkfs: ["mkfs.ext4", "-q"], pass: 2 },
  btrfs: { mkfs: ["mkfs.btrfs"], pass: 0 },
};

/** The package that brings each filesystem's mkfs. */
export const FILESYSTEM_PACKAGES: Record<OverlayFilesystem | "btrfs", string> = { xfs: "xfsprogs", ext4: "e2fsprogs", btrfs: "btrfs-progs" };

/** The dedicated volume formatted with `type` (only when blank) and mounted at the data root. */
export function formattedVolume(type: OverlayFilesystem | "btrfs", device: string, mountPoint: string): string[] {
  return mountedVolumePreparation({ device, mountPoint, type, mkfs: MKFS[type].mkfs, fstabOptions: "defaults,nofail", fsckPass: MKFS[type].pass });
}

/**
 * containerd's root (/var/lib/containerd, where the containerd image store keeps its snapshots)
 * bind-mounted from `<dataRoot>/containerd`, so images live on the data volume too.
 */
export function containerdRootOnDataVolume(dataRoot: string): string[] {
  return [
    `mkdir -p ${dataRoot}/containerd /var/lib/containerd`,
    `awk -v mp=/var/lib/containerd '$1 !~ /^#/ && $2 == mp { found = 1 } END { exit !found }' /etc/fstab || ` +
      `echo "${dataRoot}/containerd /var/lib/containerd none bind,nofail,x-systemd.requires-mounts-for=${dataRoot} 0 0" >> /etc/fstab`,
    "mountpoint -q /var/lib/containerd || mount /var/lib/containerd",
    requireMountForUnit("containerd.service", "/var/lib/containerd"),
  ];
}
