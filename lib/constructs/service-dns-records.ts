import { Construct } from "constructs";
import { Route53Record } from "../providers/aws";

export interface ServiceDnsRecordsProps {
  /** The private hosted zone's id and name. */
  readonly zoneId: string;
  readonly zoneName: string;
  /** The service's name: its records are `<service>.<zone>` and `_<port>._<protocol>.<service>.<zone>`. */
  readonly service: string;
  /** The hosts that run it: their names in the zone and their private addresses. */
  readonly hosts: readonly { readonly name: string; readonly privateIp: string }[];
  /** Its named ports. */
  readonly ports: readonly { readonly name: string; readonly hostPort: number; readonly protocol: "tcp" | "udp" }[];
  /** @default 30 */
  readonly ttlSeconds?: number;
}

/**
 * Service discovery by DNS (book chapter 14) in the network's private zone: an A record
 * `<service>.<zone>` with the address of every host that runs the service, and per named port
 * an SRV record (RFC 2782) `_<port>._<protocol>.<service>.<zone>` naming each host and the port.
 * A client in the VPC resolves the name; a short TTL lets a placement change reach it quickly.
 */
export class ServiceDnsRecords extends Construct {
  public readonly address: Route53Record;
  public readonly services: Route53Record[];
  /** The service's name in the zone. */
  public readonly fqdn: string;

  constructor(scope: Construct, id: string, props: ServiceDnsRecordsProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 30;
    const hosts = [...props.hosts].sort((a, b) => (a.name < b.name ? -1 : 1));
    this.fqdn = `${props.service}.${props.zoneName}`;
    this.address = new Route53Record(this, "a", { zoneId: props.zoneId, name: this.fqdn, type: "A", ttl, records: hosts.map((h) => h.privateIp) });
    this.services = props.ports.map(
      (port) =>
        new Route53Record(this, `srv-${port.name}`, {
          zoneId: props.zoneId,
          name: `_${port.name}._${port.protocol}.${this.fqdn}`,
          type: "SRV",
          ttl,
          records: hosts.map((h) => `10 10 ${port.hostPort} ${h.name}.${props.zoneName}`),
        }),
    );
  }
}
