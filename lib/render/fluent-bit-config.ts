import { SpecError } from "../core/spec-error";

export interface FluentBitConfigInput {
  /** Host name, added to every record as `host` and used as the log stream prefix. */
  readonly hostName: string;
  /** AWS region of the log group. */
  readonly region: string;
  /** The CloudWatch log group (created by Terraform; the shipper does not create groups). */
  readonly logGroupName: string;
  /** Glob of the engine's json-file logs, e.g. `/var/lib/docker/containers/*\/*-json.log`. */
  readonly logPath: string;
  /** Where the tail offsets database lives inside the container (a volume, so restarts do not re-ship). */
  readonly databasePath: string;
  /** Port of the monitoring interface on 127.0.0.1 (the health check asks /api/v1/uptime). */
  readonly httpPort: number;
  /** For error messages. */
  readonly where: string;
}

/** Values written into the classic config format must not break its line structure. */
const VALUE = /^[A-Za-z0-9_./*:-]+$/;

/**
 * Renders a Fluent Bit configuration (classic format, docs.fluentbit.io "Configuration file")
 * that tails the engine's json-file container logs (`multiline.parser docker` reassembles
 * lines the engine split), adds the host name to each record and sends them to CloudWatch Logs
 * with the core `cloudwatch_logs` output. The HTTP monitoring interface listens on 127.0.0.1
 * only: it serves the health check.
 */
export function renderFluentBitConfig(input: FluentBitConfigInput): string {
  for (const [field, value] of [
    ["hostName", input.hostName],
    ["region", input.region],
    ["logGroupName", input.logGroupName],
    ["logPath", input.logPath],
    ["databasePath", input.databasePath],
  ] as const) {
    if (typeof value !== "string" || !VALUE.test(value)) {
      throw new SpecError(input.where, field, value, "not a value the Fluent Bit configuration can hold", "use letters, digits and . _ / * : - only");
    }
  }
  const section = (name: string, entries: [string, string | number][]) => [`[${name}]`, ...entries.map(([key, value]) => `    ${key.padEnd(18)} ${value}`), ""];
  return [
    "# Rendered by cdktf-docker-environments: ships this host's container logs to CloudWatch Logs.",
    ...section("SERVICE", [
      ["Flush", 5],
      ["Daemon", "Off"],
      ["Log_Level", "info"],
      ["HTTP_Server", "On"],
      ["HTTP_Listen", "127.0.0.1"],
      ["HTTP_Port", input.httpPort],
    ]),
    ...section("INPUT", [
      ["Name", "tail"],
      ["Tag", "container.*"],
      ["Path", input.logPath],
      ["multiline.parser", "docker"],
      ["DB", input.databasePath],
      ["Mem_Buf_Limit", "16MB"],
      ["Skip_Long_Lines", "On"],
      ["Refresh_Interval", 10],
    ]),
    ...section("FILTER", [
      ["Name", "record_modifier"],
      ["Match", "container.*"],
      ["Record", `host ${input.hostName}`],
    ]),
    ...section("OUTPUT", [
      ["Name", "cloudwatch_logs"],
      ["Match", "container.*"],
      ["region", input.region],
      ["log_group_name", input.logGroupName],
      ["log_stream_prefix", `${input.hostName}.`],
      ["auto_create_group", "Off"],
      ["retry_limit", 5],
    ]),
  ].join("\n");
}
