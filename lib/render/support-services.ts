import type { ContainerSpec } from "../core/container-spec";
import type { SupportService, SupportServiceHost } from "../core/support-service";
import { renderFluentBitConfig } from "./fluent-bit-config";

/** Where support services' configuration files live on a host: outside /etc, so they can be bind-mounted (CIS 5.6). */
export const SUPPORT_CONFIG_DIRECTORY = "/srv/cdktf-docker-environments";

/** AWS for Fluent Bit (Fluent Bit with the AWS outputs, on Amazon Linux: it has the shell and curl the health check needs). */
export const FLUENT_BIT_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4";
/** Prometheus node exporter v1.8.2, pinned by digest (the multi-arch index). */
export const NODE_EXPORTER_IMAGE = "quay.io/prometheus/node-exporter:v1.8.2@sha256:4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706";

export interface FluentBitOptions {
  /** @default FLUENT_BIT_IMAGE (pin it by digest for production: `docker buildx imagetools inspect <image>`) */
  readonly image?: string;
  /** @default "128m" */
  readonly memory?: string;
  /** @default 0.25 */
  readonly cpus?: number;
}

export interface NodeExporterOptions {
  /** @default NODE_EXPORTER_IMAGE */
  readonly image?: string;
  /** Port on the host's private address. @default 9100 */
  readonly port?: number;
  /** @default "64m" */
  readonly memory?: string;
  /** @default 0.1 */
  readonly cpus?: number;
}

const FLUENT_BIT_HTTP_PORT = 2020;

/**
 * The support services every MinimalEnvironment host runs unless told otherwise (book chapter 3):
 * a log shipper and a metrics agent, each a hardened container under its own systemd unit.
 * Each needs a little of the host, and says so as a named exception with its reason.
 */
export const SupportServices = {
  /** The default set: Fluent Bit and the node exporter. */
  defaults(): SupportService[] {
    return [SupportServices.fluentBit(), SupportServices.nodeExporter()];
  },

  /**
   * Fluent Bit tailing the engine's json-file logs of every container into the environment's
   * CloudWatch log group, one stream per host and container. Application services that choose
   * no log driver get json-file with rotation so it can read them.
   */
  fluentBit(options: FluentBitOptions = {}): SupportService {
    return (host: SupportServiceHost) => {
      const configPath = `${SUPPORT_CONFIG_DIRECTORY}/log-shipper/fluent-bit.conf`;
      const containers = `${host.dockerDataRoot}/containers`;
      const spec: ContainerSpec = {
        name: "log-shipper",
        image: options.image ?? FLUENT_BIT_IMAGE,
        command: ["/fluent-bit/bin/fluent-bit", "-c", "/fluent-bit/etc/fluent-bit.conf"],
        user: "0:0",
        resources: { memory: options.memory ?? "128m", cpus: options.cpus ?? 0.25 },
        mounts: [
          { type: "bind", source: containers, target: containers, readOnly: true },
          { type: "bind", source: configPath, target: "/fluent-bit/etc/fluent-bit.conf", readOnly: true },
          { type: "volume", source: "log-shipper-state", target: "/fluent-bit/state" },
        ],
        security: { hostNamespaces: ["network"] },
        healthCheck: { command: `curl -fsS -o /dev/null http://127.0.0.1:${FLUENT_BIT_HTTP_PORT}/api/v1/uptime`, intervalSeconds: 15, startPeriodSeconds: 10 },
        // Its own output is not json-file: it must not tail itself.
        logging: { driver: "local" },
        exceptions: [
          { rule: "CIS-4.1", reason: "reads the engine's container log files, which only root may read (no capabilities: owner access only)" },
          { rule: "CIS-5.10", reason: "fetches the instance role's credentials from IMDSv2, which answers only on the host network with hop limit 1" },
        ],
      };
      return {
        spec,
        files: [
          {
            path: configPath,
            content: renderFluentBitConfig({
              hostName: host.name,
              region: host.region,
              logGroupName: host.logGroupName,
              logPath: `${containers}/*/*-json.log`,
              databasePath: "/fluent-bit/state/tail.db",
              httpPort: FLUENT_BIT_HTTP_PORT,
              where: `support service log-shipper on ${host.name}`,
            }),
          },
        ],
        applicationLogging: { driver: "json-file", options: { "max-size": "10m", "max-file": "5" } },
        description: `Fluent Bit: ships every container's json-file log to the CloudWatch log group ${host.logGroupName}`,
      };
    };
  },

  /**
   * The Prometheus node exporter: the host's CPU, memory, disk I/O and network metrics on the
   * host's private address (scrape it from the VPC; the security group opens nothing by
   * default). The filesystem collector is off: it needs the host's root mounted.
   */
  nodeExporter(options: NodeExporterOptions = {}): SupportService {
    return (host: SupportServiceHost) => {
      const listen = `${host.privateIp}:${options.port ?? 9100}`;
      const spec: ContainerSpec = {
        name: "node-exporter",
        image: options.image ?? NODE_EXPORTER_IMAGE,
        command: ["--path.procfs=/host/proc", "--path.sysfs=/host/sys", `--web.listen-address=${listen}`, "--no-collector.filesystem"],
        resources: { memory: options.memory ?? "64m", cpus: options.cpus ?? 0.1 },
        mounts: [
          { type: "bind", source: "/proc", target: "/host/proc", readOnly: true },
          { type: "bind", source: "/sys", target: "/host/sys", readOnly: true },
        ],
        security: { hostNamespaces: ["network"] },
        healthCheck: { command: `wget -q -O /dev/null http://${listen}/metrics`, intervalSeconds: 15, startPeriodSeconds: 5 },
        exceptions: [
          { rule: "CIS-5.6", reason: "reads the host's CPU, memory, disk and network counters from /proc and /sys, read-only" },
          { rule: "CIS-5.10", reason: "reports the host's network interfaces, which only the host network namespace shows" },
        ],
      };
      return { spec, description: `Prometheus node exporter: host metrics on ${listen}/metrics` };
    };
  },
};
