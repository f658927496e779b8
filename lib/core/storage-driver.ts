import { SpecError } from "./spec-error";
import { checkDriverEngine } from "./storage-engine-support";
import type { EngineSupport } from "./storage-engine-support";
import {
  FILESYSTEM_PACKAGES,
  checkDataRootPath,
  checkDevicePath,
  containerdRootOnDataVolume,
  formattedVolume,
  lvmThinPoolPreparation,
  zfsPoolPreparation,
} from "./storage-preparation";
import type { OverlayFilesystem, ThinPoolAutoextend } from "./storage-preparation";

export type { OverlayFilesystem };

/** The storage drivers of book chapter 11 (aufs, devicemapper, btrfs, overlay/overlay2, vfs) plus zfs and the containerd image store. */
export type StorageDriverName = "overlay2" | "overlay" | "btrfs" | "zfs" | "devicemapper" | "aufs" | "vfs" | "containerd-snapshotter";

/** The `daemon.json` keys a storage driver sets. */
export interface StorageDaemonSettings {
  readonly "storage-driver"?: string;
  readonly "storage-opts"?: readonly string[];
  /** `containerd-snapshotter`: true for the containerd image store, false (explicit) for every graph driver. */
  readonly features: Readonly<Record<string, boolean>>;
}

interface DriverDefinition {
  readonly name: StorageDriverName;
  readonly packages: readonly string[];
  readonly support: EngineSupport;
  readonly settings: StorageDaemonSettings;
  readonly prepare: (device: string, dataRoot: string) => string[];
  readonly warning?: string;
}

const GRAPH_DRIVER = { "containerd-snapshotter": false } as const;

function checkFilesystem(filesystem: unknown, where: string): OverlayFilesystem {
  if (filesystem !== "xfs" && filesystem !== "ext4") {
    throw new SpecError(
      where,
      "filesystem",
      filesystem,
      "overlay needs ext4, or xfs with ftype=1 (d_type), under the data root",
      'use "xfs" (formatted with -n ftype=1) or "ext4"',
    );
  }
  return filesystem;
}

/**
 * How a Docker host stores images and container layers (book chapter 11), with what the host
 * must prepare for it and the Engine releases that carry it. `overlay2` on a dedicated XFS
 * volume is the default. Every driver keeps its data off the root disk (CIS 1.1.1): the
 * dedicated volume is formatted for it once (never reformatted) and mounted at the data root.
 */
export class StorageDriver {
  /** overlay2 on a dedicated volume formatted xfs (`-n ftype=1`) or ext4, mounted at the data root by UUID. */
  static overlay2(options: { readonly filesystem?: OverlayFilesystem } = {}): StorageDriver {
    const fs = checkFilesystem(options.filesystem ?? "xfs", "StorageDriver.overlay2");
    return new StorageDriver({
      name: "overlay2",
      packages: [FILESYSTEM_PACKAGES[fs]],
      support: {},
      settings: { "storage-driver": "overlay2", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => formattedVolume(fs, device, dataRoot),
    });
  }

  /** The legacy overlay driver (one lower layer per mount): deprecated in 18.09, removed in Engine 24.0. */
  static overlay(options: { readonly filesystem?: OverlayFilesystem } = {}): StorageDriver {
    const fs = checkFilesystem(options.filesystem ?? "xfs", "StorageDriver.overlay");
    return new StorageDriver({
      name: "overlay",
      packages: [FILESYSTEM_PACKAGES[fs]],
      support: { deprecatedIn: "18.09", removedIn: "24.0" },
      settings: { "storage-driver": "overlay", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => formattedVolume(fs, device, dataRoot),
      warning: "the legacy overlay storage driver is deprecated (18.09) and removed in Engine 24.0: use overlay2",
    });
  }

  /** btrfs on a dedicated volume formatted with mkfs.btrfs and mounted at the data root. */
  static btrfs(): StorageDriver {
    return new StorageDriver({
      name: "btrfs",
      packages: ["btrfs-progs"],
      support: {},
      settings: { "storage-driver": "btrfs", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => formattedVolume("btrfs", device, dataRoot),
    });
  }

  /**
   * zfs: a pool created on the dedicated volume (imported when the volume already carries it),
   * mounted at the data root. Needs the zfs kernel module (Ubuntu ships it; zfsutils-linux).
   */
  static zfs(options: { readonly pool?: string } = {}): StorageDriver {
    const pool = options.pool ?? "zpool-docker";
    if (typeof pool !== "string" || !/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(pool) || /^(mirror|raidz\d?|draid\d?|spare|log|cache|special|dedup)/.test(pool)) {
      throw new SpecError(
        "StorageDriver.zfs",
        "pool",
        pool,
        "not a usable pool name (a letter, then letters, digits, _ . -; not a vdev keyword)",
        'use e.g. "zpool-docker"',
      );
    }
    return new StorageDriver({
      name: "zfs",
      packages: ["zfsutils-linux"],
      support: {},
      settings: { "storage-driver": "zfs", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => zfsPoolPreparation(device, dataRoot, pool),
    });
  }

  /**
   * devicemapper in direct-lvm mode only: an LVM thin pool on the dedicated block device with
   * autoextend (LVM profile) and monitoring; loop-lvm (sparse loopback files) is refused.
   * Deprecated in 18.09, disabled by default in 23.0, removed in Engine 25.0.
   */
  static devicemapper(
    options: {
      readonly mode?: "direct-lvm" | "loop-lvm";
      readonly volumeGroup?: string;
      readonly autoextendThreshold?: number;
      readonly autoextendPercent?: number;
    } = {},
  ): StorageDriver {
    const where = "StorageDriver.devicemapper";
    if ((options.mode ?? "direct-lvm") !== "direct-lvm") {
      throw new SpecError(
        where,
        "mode",
        options.mode,
        "loop-lvm keeps images in sparse loopback files: slow, fragile, and documented by Docker for testing only",
        'use mode "direct-lvm" (the default) on a dedicated block device',
      );
    }
    const volumeGroup = options.volumeGroup ?? "docker";
    if (typeof volumeGroup !== "string" || !/^[a-z][a-z0-9_]{0,31}$/.test(volumeGroup)) {
      throw new SpecError(
        where,
        "volumeGroup",
        volumeGroup,
        "not a volume group name (lowercase letters, digits, _; no -, which device-mapper doubles)",
        'use e.g. "docker"',
      );
    }
    const autoextend: ThinPoolAutoextend = { threshold: options.autoextendThreshold ?? 80, percent: options.autoextendPercent ?? 20 };
    if (!Number.isInteger(autoextend.threshold) || autoextend.threshold < 50 || autoextend.threshold > 99) {
      throw new SpecError(
        where,
        "autoextendThreshold",
        options.autoextendThreshold,
        "must be a whole percentage from 50 to 99 (100 turns autoextend off)",
        "use 80",
      );
    }
    if (!Number.isInteger(autoextend.percent) || autoextend.percent < 1 || autoextend.percent > 100) {
      throw new SpecError(where, "autoextendPercent", options.autoextendPercent, "must be a whole percentage from 1 to 100", "use 20");
    }
    return new StorageDriver({
      name: "devicemapper",
      packages: ["lvm2", "thin-provisioning-tools"],
      support: { deprecatedIn: "18.09", disabledByDefaultIn: "23.0", removedIn: "25.0" },
      settings: {
        "storage-driver": "devicemapper",
        "storage-opts": [`dm.thinpooldev=/dev/mapper/${volumeGroup}-thinpool`, "dm.use_deferred_removal=true", "dm.use_deferred_deletion=true"],
        features: GRAPH_DRIVER,
      },
      prepare: (device, dataRoot) => [...lvmThinPoolPreparation(device, volumeGroup, autoextend), `mkdir -p ${dataRoot}`],
      warning: "devicemapper is deprecated (18.09), disabled by default in 23.0 and removed in Engine 25.0: migrate to overlay2",
    });
  }

  /**
   * aufs, the book's first driver: deprecated in 19.03, removed in Engine 24.0, and refused by
   * CIS 2.6 (a DaemonConfig using it needs the exception `CIS-2.6`). Needs a kernel with aufs.
   */
  static aufs(): StorageDriver {
    return new StorageDriver({
      name: "aufs",
      packages: ["e2fsprogs"],
      support: { deprecatedIn: "19.03", removedIn: "24.0" },
      settings: { "storage-driver": "aufs", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => formattedVolume("ext4", device, dataRoot),
      warning: "aufs is deprecated (19.03) and removed in Engine 24.0, and CIS 2.6 says not to use it: migrate to overlay2",
    });
  }

  /**
   * vfs: no copy-on-write, every layer copied in full. For debugging only, so it needs
   * `acknowledgeDebuggingOnly` with the reason, and carries a warning.
   */
  static vfs(options: { readonly acknowledgeDebuggingOnly: string }): StorageDriver {
    const reason = typeof options?.acknowledgeDebuggingOnly === "string" ? options.acknowledgeDebuggingOnly.trim() : "";
    if (reason.length < 10) {
      throw new SpecError(
        "StorageDriver.vfs",
        "acknowledgeDebuggingOnly",
        options?.acknowledgeDebuggingOnly,
        "vfs copies every image layer in full for every container (no copy-on-write): slow and disk-hungry, meant for debugging the engine",
        'use StorageDriver.overlay2(), or acknowledge with a reason of 10+ characters: vfs({ acknowledgeDebuggingOnly: "..." })',
      );
    }
    return new StorageDriver({
      name: "vfs",
      packages: ["e2fsprogs"],
      support: {},
      settings: { "storage-driver": "vfs", features: GRAPH_DRIVER },
      prepare: (device, dataRoot) => formattedVolume("ext4", device, dataRoot),
      warning: `vfs storage driver (debugging only: ${reason}): every layer is a full copy, so pulls, starts and disk use are far worse than overlay2`,
    });
  }

  /**
   * The containerd image store (`features: {"containerd-snapshotter": true}`, overlayfs
   * snapshotter): introduced (experimental) in Engine 24.0, the default on fresh installs from 29.0. Images
   * then live in containerd's root (/var/lib/containerd), so the preparation bind-mounts that from
   * the dedicated volume too. Not available with userns-remap (moby#47377).
   */
  static containerdSnapshotter(options: { readonly filesystem?: OverlayFilesystem } = {}): StorageDriver {
    const fs = checkFilesystem(options.filesystem ?? "xfs", "StorageDriver.containerdSnapshotter");
    return new StorageDriver({
      name: "containerd-snapshotter",
      packages: [FILESYSTEM_PACKAGES[fs]],
      support: { since: "24.0" },
      settings: { features: { "containerd-snapshotter": true } },
      prepare: (device, dataRoot) => [...formattedVolume(fs, device, dataRoot), ...containerdRootOnDataVolume(dataRoot)],
    });
  }

  /** The driver's name as chosen (`containerd-snapshotter` for the containerd image store). */
  readonly name: StorageDriverName;
  /** OS packages the host needs for the preparation (and the driver). */
  readonly packages: readonly string[];
  /** Shown at synth time when the choice is legal but poor (vfs, deprecated drivers). */
  readonly warning?: string;
  private readonly definition: DriverDefinition;

  private constructor(definition: DriverDefinition) {
    this.definition = definition;
    this.name = definition.name;
    this.packages = definition.packages;
    this.warning = definition.warning;
  }

  /** This driver's `daemon.json` fragment. */
  daemonSettings(): StorageDaemonSettings {
    const s = this.definition.settings;
    return { ...s, ...(s["storage-opts"] ? { "storage-opts": [...s["storage-opts"]] } : {}), features: { ...s.features } };
  }

  /**
   * Idempotent shell commands that prepare `device` (the dedicated data volume) for this driver
   * and mount it at `dataRoot`; they feed `HostPlan.storagePreparation`, before the engine starts.
   */
  preparation(device: string, dataRoot: string): string[] {
    const where = `StorageDriver.${this.name}.preparation`;
    checkDevicePath(device, where);
    checkDataRootPath(dataRoot, where);
    return this.definition.prepare(device, dataRoot.replace(/\/+$/, ""));
  }

  /**
   * Refuses an Engine that cannot run this driver, naming both versions; returns warnings for
   * one that can but should not (deprecated, disabled by default).
   */
  checkEngine(version: string, where: string): string[] {
    return checkDriverEngine(this.name, this.definition.support, version, where);
  }
}
