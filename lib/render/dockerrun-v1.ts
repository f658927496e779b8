import type { ContainerSettings } from "../core/container-settings";
import { SpecError } from "../core/spec-error";
import type { BundleNote, BundleServiceInput, RenderedBundleFile } from "./beanstalk-bundle-types";
import { secretDeliveryNote } from "./beanstalk-bundle-types";

/**
 * Renders one service as Dockerrun.aws.json v1 (the book's 2015 format, still read by the Docker
 * platform). v1 carries only the image, one container port, host directory volumes, entrypoint and
 * command; the environment goes into Beanstalk environment properties. The hardened profile cannot
 * be expressed: the policy re-check of the read-back settings refuses it unless exceptions are
 * declared, and every other setting it drops is named in `notes`.
 */
export function renderDockerrunV1(inputs: BundleServiceInput[]): RenderedBundleFile {
  if (inputs.length !== 1) {
    throw new SpecError(
      inputs[0]?.where ?? "bundle",
      "services",
      inputs.map((i) => i.service.name),
      "Dockerrun.aws.json v1 runs exactly one container",
      'use format "compose" or "dockerrun-v2" for several',
    );
  }
  const { service, settings: s, secrets, where } = inputs[0];
  const refuse = (field: string, value: unknown, problem: string): never => {
    throw new SpecError(where, field, value, `Dockerrun.aws.json v1 ${problem}`, 'use format "compose", which can express it, or remove the setting');
  };
  if (s.privileged) refuse("security.privileged", true, "cannot run a privileged container");
  if (s.networkMode ?? s.pidMode ?? s.ipcMode ?? s.utsMode ?? s.usernsMode)
    refuse("security.hostNamespaces", [s.networkMode, s.pidMode, s.ipcMode].filter(Boolean), "cannot share host namespaces");
  if (s.devices.length) refuse("security.devices", s.devices, "cannot pass host devices");
  if (s.cgroupParent !== undefined) refuse("security.cgroupParent", s.cgroupParent, "has no cgroup parent");
  if (s.networks.length) refuse("networks", s.networks, "has no networks");
  if (service.dependsOn?.length) refuse("dependsOn", service.dependsOn, "runs a single container with no dependencies");
  if (service.essential === false) refuse("essential", false, "runs a single container, which is always essential");
  if (service.initProcess) refuse("initProcess", true, "has no init option");
  if (s.ports.length !== 1) refuse("ports", s.ports, "forwards the platform's nginx (port 80) to exactly one container port; declare one port");
  if (s.entrypoint !== undefined && s.entrypoint.length > 1)
    refuse("entrypoint", s.entrypoint, "takes the entrypoint as one word; bake the arguments into the image");
  if (s.command?.some((arg) => arg === "" || /[\s"'\\]/.test(arg)))
    refuse("command", s.command, "takes the command as one string split on spaces; an argument with spaces or quotes cannot be passed");
  const volumes = s.mounts.map((m) => {
    if (m.type !== "bind") refuse(`mounts ${m.target}`, m.source, "mounts host directories only");
    if (m.readOnly) refuse(`mounts ${m.target}`, m.target, "mounts host directories read-write only; set readOnly: false to accept that");
    return { HostDirectory: m.source, ContainerDirectory: m.target };
  });
  const notes: BundleNote[] = [];
  const note = (setting: string, detail: string) => notes.push({ service: s.name, setting, detail });
  const p = s.ports[0];
  note(
    "ports",
    `Elastic Beanstalk's nginx proxy listens on port 80 and forwards to container port ${p.containerPort}; host port ${p.hostPort} on ${p.hostIp} is not used`,
  );
  if (s.workingDir !== undefined) note("workingDir", "not expressible in v1; the image's WORKDIR applies");
  if (Object.keys(s.tmpfs).length) note("tmpfs", `not expressible in v1: ${Object.keys(s.tmpfs).join(", ")} are not mounted`);
  if (Object.keys(s.ulimits).length) note("security.ulimits", "not expressible in v1; the engine's defaults apply");
  note("logging", `not expressible in v1; the platform's log driver applies instead of ${s.logDriver}`);
  note("restart", "not expressible in v1; the platform restarts the container");
  note("stopTimeoutSeconds", "not expressible in v1; the platform's stop timeout applies");
  if (Object.keys(s.labels).length) note("labels", "not expressible in v1; exception reasons are tagged on the application version instead");
  const names = Object.keys(secrets);
  if (names.length) notes.push(secretDeliveryNote(s.name, names));

  const document: Record<string, unknown> = {
    AWSEBDockerrunVersion: "1",
    Image: { Name: s.image, Update: "true" },
    Ports: [{ ContainerPort: p.containerPort }],
  };
  if (volumes.length) document.Volumes = volumes;
  if (s.entrypoint !== undefined) document.Entrypoint = s.entrypoint[0];
  if (s.command !== undefined) document.Command = s.command.join(" ");
  return {
    fileName: "Dockerrun.aws.json",
    content: `${JSON.stringify(document, null, 2)}\n`,
    environmentProperties: { ...s.environment },
    environmentSecrets: Object.fromEntries(Object.entries(secrets).map(([name, arn]) => [name, arn.valueFrom])),
    applicationPort: 80,
    notes,
  };
}

/**
 * Reads Dockerrun.aws.json v1 back into the settings the container gets: what the file says,
 * the environment properties, and the engine's defaults for everything v1 cannot say.
 */
export function readDockerrunV1(content: string, name: string, environmentProperties: Record<string, string>): ContainerSettings {
  const d = JSON.parse(content) as {
    Image: { Name: string };
    Ports?: { ContainerPort: number }[];
    Volumes?: { HostDirectory: string; ContainerDirectory: string }[];
    Entrypoint?: string;
    Command?: string;
  };
  return {
    name,
    image: d.Image.Name,
    entrypoint: d.Entrypoint === undefined ? undefined : [d.Entrypoint],
    command: d.Command === undefined ? undefined : d.Command.split(" "),
    workingDir: undefined,
    user: undefined,
    environment: Object.fromEntries(Object.entries(environmentProperties).sort(([a], [b]) => (a < b ? -1 : 1))),
    // Reached by the platform's nginx, not published by the bundle.
    ports: [],
    mounts: (d.Volumes ?? [])
      .map((v) => ({ type: "bind" as const, source: v.HostDirectory, target: v.ContainerDirectory, readOnly: false }))
      .sort((a, b) => (a.target < b.target ? -1 : 1)),
    tmpfs: {},
    memoryBytes: undefined,
    memorySwapBytes: undefined,
    cpus: undefined,
    pidsLimit: undefined,
    privileged: false,
    capAdd: [],
    capDrop: [],
    readOnlyRootFilesystem: false,
    securityOpts: [],
    ulimits: {},
    devices: [],
    healthCheck: undefined,
    logDriver: "json-file",
    logOptions: {},
    restart: { policy: "no" },
    stopTimeoutSeconds: 10,
    stopSignal: "SIGTERM",
    labels: {},
    networks: [],
    secrets: {},
  };
}
