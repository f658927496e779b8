/**
 * Runs a StorageDriver's preparation commands for real, against a loop device (never one of the
 * machine's disks), inside a private mount namespace whose /etc/fstab and /etc/systemd/system are
 * bind-mounted from a scratch directory: the commands format, write fstab, write the drop-in and
 * mount exactly as on a host, and none of it touches this machine's own files or mount table.
 * `mkfs.*` are wrapped by shims that log each call, so a test can tell a format from a no-op.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run, runOk } from "./docker-engine";
import type { CommandResult } from "./docker-engine";

export interface StorageSandbox {
  readonly dir: string;
  /** The loop device backed by a sparse file in `dir`. */
  readonly device: string;
  /** The sandbox's /etc/fstab (initially empty). */
  readonly fstab: string;
  /** The sandbox's /etc/systemd/system. */
  readonly systemd: string;
  /** One line per mkfs.* call: `mkfs.xfs -n ftype=1 /dev/loop3`. */
  mkfsCalls(): string[];
  /** Runs `sh -eu` on the commands (one script) in a fresh private mount namespace, then `after` in the same namespace. */
  prepare(commands: readonly string[], after?: string): CommandResult;
  /** Detaches the loop device and removes the directory. Idempotent. */
  remove(): void;
}

const MKFS = ["mkfs.btrfs", "mkfs.xfs", "mkfs.ext4"];

/** Creates a sparse `sizeMb` MiB file, attaches it as a loop device and builds the sandbox around it. */
export function createStorageSandbox(sizeMb = 1024): StorageSandbox {
  if (process.getuid?.() !== 0) throw new Error("loop devices and mount namespaces need root");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-storage-"));
  const image = path.join(dir, "volume.img");
  fs.writeFileSync(image, "");
  fs.truncateSync(image, sizeMb * 1024 * 1024);
  const device = runOk(["losetup", "--find", "--show", image]).trim();
  const fstab = path.join(dir, "fstab");
  fs.writeFileSync(fstab, "");
  const systemd = path.join(dir, "systemd-system");
  fs.mkdirSync(systemd);
  const shims = path.join(dir, "shims");
  fs.mkdirSync(shims);
  const log = path.join(dir, "mkfs.log");
  fs.writeFileSync(log, "");
  for (const tool of MKFS) {
    const real = runOk(["sh", "-c", 'command -v "$1"', "sh", tool]).trim();
    fs.writeFileSync(path.join(shims, tool), `#!/bin/sh\necho "${tool} $*" >> ${log}\nexec ${real} "$@"\n`, { mode: 0o755 });
  }
  let removed = false;
  return {
    dir,
    device,
    fstab,
    systemd,
    mkfsCalls: () => fs.readFileSync(log, "utf8").split("\n").filter(Boolean),
    prepare: (commands, after = "") => {
      const script = path.join(dir, "prepare.sh");
      fs.writeFileSync(script, `${commands.join("\n")}\n`);
      const sandbox = [
        "set -eu",
        `mount --bind ${fstab} /etc/fstab`,
        `mount --bind ${systemd} /etc/systemd/system`,
        `PATH=${shims}:$PATH sh -eu ${script}`,
        after,
      ].join("\n");
      return run(["unshare", "--mount", "--propagation", "private", "sh", "-c", sandbox], { timeoutMs: 180000 });
    },
    remove: () => {
      if (removed) return;
      removed = true;
      run(["losetup", "--detach", device]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `blkid -p` of one tag (TYPE, UUID) of the device, or "" when it has none. */
export function probe(device: string, tag: string): string {
  return run(["blkid", "-p", "-o", "value", "-s", tag, device]).stdout.trim();
}
