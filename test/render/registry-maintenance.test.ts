import { registryHtpasswdFiles, registryMaintenanceFiles } from "../../lib/render/registry-maintenance";
import type { RegistryMaintenanceOptions } from "../../lib/render/registry-maintenance";
import { unitValues } from "../support/systemd-exec";
import { expectRefusal } from "../support/expect-refusal";

const OPTIONS: RegistryMaintenanceOptions = {
  service: "registry",
  config: "/etc/docker-registry/config.yml",
  readOnlyConfig: "/etc/docker-registry/config-readonly.yml",
  schedule: "Sun *-*-* 03:00:00",
  role: "collector",
  windowSeconds: 1800,
  drainSeconds: 120,
  where: "test/registry",
};

const file = (files: { path: string; content: string }[], path: string) => files.find((f) => f.path === path)!.content;

describe("registryMaintenanceFiles", () => {
  test("collector: read-only, drain, garbage-collect within the window, the serving config restored on exit", () => {
    const files = registryMaintenanceFiles(OPTIONS);
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ["/etc/docker-registry/garbage-collect.sh", "0750"],
      ["/etc/systemd/system/registry-gc.service", "0644"],
      ["/etc/systemd/system/registry-gc.timer", "0644"],
    ]);
    const script = file(files, "/etc/docker-registry/garbage-collect.sh");
    const lines = script.split("\n");
    expect(lines.slice(0, 3)).toEqual(["#!/bin/bash", expect.stringContaining("(collector)"), "set -euo pipefail"]);
    expect(lines).toContain("trap restore EXIT");
    // Order: keep the serving copy, switch to read-only, restart, drain, then sweep (window - drain - 60 s margin).
    const order = ['cp -p "$config" "$serving"', 'install -m 0644 -o root -g root /etc/docker-registry/config-readonly.yml "$config"', "sleep 120"];
    expect(order.map((l) => lines.indexOf(l))).toEqual([...order.map((l) => lines.indexOf(l))].sort((a, b) => a - b));
    expect(lines).toContain("timeout 1620 /usr/bin/docker exec registry registry garbage-collect /etc/docker/registry/config.yml");
    const service = file(files, "/etc/systemd/system/registry-gc.service");
    expect(unitValues(service, "Type")).toEqual(["oneshot"]);
    expect(unitValues(service, "Requires")).toEqual(["registry.service"]);
    expect(unitValues(service, "TimeoutStartSec")).toEqual(["2100"]);
    const timer = file(files, "/etc/systemd/system/registry-gc.timer");
    expect(unitValues(timer, "OnCalendar")).toEqual(["Sun *-*-* 03:00:00"]);
    expect(unitValues(timer, "Persistent")).toEqual(["false"]);
    expect(unitValues(timer, "WantedBy")).toEqual(["timers.target"]);
  });

  test("follower: read-only for the whole window, never collects", () => {
    const script = file(registryMaintenanceFiles({ ...OPTIONS, role: "follower" }), "/etc/docker-registry/garbage-collect.sh");
    expect(script).toContain("\nsleep 1800\n");
    expect(script).not.toContain("garbage-collect /etc");
  });

  test("refuses a schedule that is not a calendar expression and a window too short to sweep", () => {
    expectRefusal(() => registryMaintenanceFiles({ ...OPTIONS, schedule: "weekly'; reboot; '" }), {
      where: "test/registry",
      field: "garbageCollection.schedule",
      value: "weekly'; reboot; '",
      problem: /not a systemd calendar expression/,
    });
    expectRefusal(() => registryMaintenanceFiles({ ...OPTIONS, windowSeconds: 180 }), {
      where: "test/registry",
      field: "garbageCollection.windowMinutes",
      value: 3,
      problem: /at least a minute of sweeping after the drain/,
    });
    expectRefusal(() => registryMaintenanceFiles({ ...OPTIONS, drainSeconds: 5 }), { where: "test/registry", field: "garbageCollection.windowMinutes" });
  });
});

describe("registryHtpasswdFiles", () => {
  test("a oneshot before the registry, required by it through a drop-in", () => {
    const files = registryHtpasswdFiles("registry", "#!/bin/sh\ntrue\n");
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ["/etc/docker-registry/build-htpasswd.sh", "0750"],
      ["/etc/systemd/system/registry-htpasswd.service", "0644"],
      ["/etc/systemd/system/registry.service.d/htpasswd.conf", "0644"],
    ]);
    const unit = file(files, "/etc/systemd/system/registry-htpasswd.service");
    expect(unitValues(unit, "Before")).toEqual(["registry.service"]);
    expect(unitValues(unit, "RemainAfterExit")).toEqual(["yes"]);
    expect(unitValues(unit, "ExecStart")).toEqual(["/etc/docker-registry/build-htpasswd.sh"]);
    const dropIn = file(files, "/etc/systemd/system/registry.service.d/htpasswd.conf");
    expect(unitValues(dropIn, "Requires")).toEqual(["registry-htpasswd.service"]);
    expect(unitValues(dropIn, "After")).toEqual(["registry-htpasswd.service"]);
  });
});
