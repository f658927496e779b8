import { DaemonConfig } from "../../lib/core/daemon-config";
import { buildDockerHostPlan } from "../../lib/render/docker-host-plan";
import { renderSystemdUnit, SecretRef, unitName } from "cdktf-docker-environments";
import type { ContainerSpec, EnvironmentLayer } from "cdktf-docker-environments";
import type { HostFile, HostPlan } from "../../lib/core/host-plan";

/** Docker Engine 27.5.1 from Docker's repository for Ubuntu 24.04 (noble). */
export const ENGINE_27 = {
  version: "27.5.1",
  packages: ["docker-ce=5:27.5.1-1~ubuntu.24.04~noble", "docker-ce-cli=5:27.5.1-1~ubuntu.24.04~noble", "containerd.io=1.7.25-1"],
};

/** A CIS-hardened daemon.json for overlay2 on the dedicated data volume (a literal until DaemonConfig renders it). */
const DAEMON_JSON = `${JSON.stringify(
  {
    "data-root": "/var/lib/docker",
    "storage-driver": "overlay2",
    "log-driver": "local",
    "log-opts": { "max-size": "10m", "max-file": "5" },
    "live-restore": true,
    icc: false,
    "userland-proxy": false,
    "no-new-privileges": true,
    "default-ulimits": { nofile: { Name: "nofile", Soft: 1024, Hard: 65536 } },
    "default-address-pools": [{ base: "172.17.0.0/16", size: 24 }],
    experimental: false,
  },
  null,
  2,
)}\n`;

/** The dedicated EBS volume (NVMe name on Nitro instances), formatted xfs with ftype=1 and mounted at the data root. */
export const OVERLAY2_STORAGE = [
  [
    "device=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0",
    'if ! blkid -p -s TYPE -o value "$device" | grep -qx xfs; then',
    '  mkfs.xfs -f -n ftype=1 -L docker-data "$device"',
    "fi",
  ].join("\n"),
  [
    "install -d -m 0710 -o root -g root /var/lib/docker",
    "grep -q '^LABEL=docker-data ' /etc/fstab || echo 'LABEL=docker-data /var/lib/docker xfs defaults,nofail,x-systemd.device-timeout=30s 0 2' >>/etc/fstab",
    "mountpoint -q /var/lib/docker || mount /var/lib/docker",
    'test "$(stat -f -c %T /var/lib/docker)" = xfs',
  ].join("\n"),
];

const HEALTH = { command: "wget -qO- http://127.0.0.1:8080/healthz" };

function service(name: string, image: string, extra: Partial<ContainerSpec> = {}): ContainerSpec {
  return { name, image, user: "10001:10001", healthCheck: HEALTH, ports: [{ containerPort: 8080 }], ...extra };
}

function environmentFile(path: string, variables: Record<string, string>): HostFile {
  return {
    path,
    content: `${Object.entries(variables)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
    mode: "0640",
    owner: "root",
    group: "root",
  };
}

/** The units and environment files (cluster, common, local layers) of the given services. */
export function serviceFiles(specs: ContainerSpec[]): HostFile[] {
  const cluster = environmentFile("/etc/cdktf-docker/cluster.env", { AWS_REGION: "eu-west-1", LOG_LEVEL: "info" });
  const files: HostFile[] = [cluster];
  for (const spec of specs) {
    const common = environmentFile(`/etc/cdktf-docker/${spec.name}/common.env`, { SERVICE_NAME: spec.name, LOG_LEVEL: "warn" });
    const local = environmentFile(`/etc/cdktf-docker/${spec.name}/local.env`, { INSTANCE_ROLE: "primary" });
    const layers: EnvironmentLayer[] = [
      { name: "cluster", path: cluster.path, variables: ["AWS_REGION", "LOG_LEVEL"] },
      { name: "common", path: common.path, variables: ["SERVICE_NAME", "LOG_LEVEL"] },
      { name: "local", path: local.path, variables: ["INSTANCE_ROLE"] },
    ];
    const unit = renderSystemdUnit(spec, { environmentLayers: layers });
    files.push(common, local, { path: `/etc/systemd/system/${unitName(spec.name)}`, content: unit, mode: "0644", owner: "root", group: "root" });
  }
  return files;
}

const WEB_SERVICES = [
  service("web", "registry.example.com/shop/web:1.4.2", { secrets: { DB_PASSWORD: SecretRef.ssmParameter("/shop/prod/db-password") } }),
  service("worker", "registry.example.com/shop/worker:1.4.2", { ports: [] }),
];

/** A web host: overlay2 on a dedicated xfs volume, two services with layered configuration. */
export function overlay2HostPlan(): HostPlan {
  return {
    name: "web-1",
    engine: ENGINE_27,
    packages: ["xfsprogs", "jq"],
    storagePreparation: OVERLAY2_STORAGE,
    files: [{ path: "/etc/docker/daemon.json", content: DAEMON_JSON, mode: "0644", owner: "root", group: "root" }, ...serviceFiles(WEB_SERVICES)],
    services: WEB_SERVICES.map((s) => unitName(s.name)),
  };
}

/** A host on btrfs: the dedicated volume formatted btrfs and mounted at the data root. */
export function btrfsHostPlan(): HostPlan {
  const daemon = `${JSON.stringify({ "storage-driver": "btrfs", "log-driver": "local", "live-restore": true, icc: false, "no-new-privileges": true }, null, 2)}\n`;
  return {
    name: "batch-1",
    engine: ENGINE_27,
    packages: ["btrfs-progs"],
    storagePreparation: [
      [
        "device=/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0fedcba9876543210",
        'if ! blkid -p -s TYPE -o value "$device" | grep -qx btrfs; then',
        '  mkfs.btrfs -f -L docker-data "$device"',
        "fi",
        "install -d -m 0710 -o root -g root /var/lib/docker",
        "grep -q '^LABEL=docker-data ' /etc/fstab || echo 'LABEL=docker-data /var/lib/docker btrfs defaults,nofail 0 0' >>/etc/fstab",
        "mountpoint -q /var/lib/docker || mount /var/lib/docker",
      ].join("\n"),
    ],
    files: [{ path: "/etc/docker/daemon.json", content: daemon, mode: "0644", owner: "root", group: "root" }],
    services: [],
  };
}

/** A host with 50 services and their real units and environment files: far over 16 KB as text. */
export function fiftyServicesHostPlan(): HostPlan {
  const specs = Array.from({ length: 50 }, (_, i) => service(`svc-${String(i + 1).padStart(2, "0")}`, `registry.example.com/shop/svc-${i + 1}:2.${i}.0`));
  const plan = overlay2HostPlan();
  return { ...plan, name: "fleet-1", files: [plan.files[0], ...serviceFiles(specs)], services: specs.map((s) => unitName(s.name)) };
}

/**
 * One-line texts that a YAML 1.1 reader (PyYAML: cloud-init, Ansible, Salt) takes for something
 * other than the string when they are written plain: booleans, sexagesimal and underscored
 * numbers, timestamps, null, and `=` and `<<` (PyYAML's value and merge tags), which fail the
 * whole document.
 */
export const YAML_1_1_LOOKALIKES = [
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "n",
  "true",
  "~",
  "null",
  "",
  "12:30",
  "190:20:30.15",
  "1_000",
  "0b101",
  "0x1F",
  "0644",
  "017",
  "1e3",
  ".inf",
  "-.Inf",
  ".NaN",
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "=",
  "<<",
  "- item",
  "key: value",
  "#!",
];

/** The web host with a file for each YAML 1.1 lookalike. */
export function lookalikeFilesHostPlan(): HostPlan {
  const plan = overlay2HostPlan();
  const files = YAML_1_1_LOOKALIKES.map((content, i) => ({ path: `/etc/app/flag-${i}`, content, mode: "0644", owner: "root", group: "root" }));
  return { ...plan, files: [...plan.files, ...files] };
}

/**
 * A plan composed the way DockerHost composes one: the default (CIS-hardened, overlay2 on XFS)
 * daemon, services with configuration layers and an SSM secret, the EBS device-name link.
 */
export function composedHostPlan(): HostPlan {
  return buildDockerHostPlan({
    name: "web-1",
    engineVersion: "27.5.1",
    daemon: new DaemonConfig({}, "fixture/daemon"),
    dataDevice: "/dev/sdf",
    where: "fixture/web-1",
    services: [
      {
        spec: {
          name: "web",
          image: "registry.example.com/shop/web:1.4.2@sha256:9b2a5c8f1e0d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3",
          user: "10001:10001",
          secrets: { DB_PASSWORD: SecretRef.ssmParameter("/shop/db/password") },
          healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz" },
        },
        layers: [
          { name: "cluster", path: "/etc/cdktf-docker-environments/cluster.env", variables: { REGION: "eu-west-1" } },
          { name: "local", path: "/etc/cdktf-docker-environments/web/local.env", variables: { LOG_LEVEL: 'debug "verbose" $x' } },
        ],
      },
    ],
  });
}
