import { SpecError } from "./spec-error";

/** The IP protocols a security group rule names: `-1` is every protocol and port. */
export type SecurityGroupProtocol = "tcp" | "udp" | "icmp" | "-1";

/**
 * The traffic a security group rule lets through: a protocol and a port range (for ICMP,
 * every type and code). Build one with `Port.tcp(443)`, `Port.tcpRange(8000, 8099)`,
 * `Port.udp(53)`, `Port.allIcmp()` or `Port.allTraffic()`.
 */
export class Port {
  static tcp(port: number): Port {
    return Port.range("tcp", port, port);
  }
  static tcpRange(from: number, to: number): Port {
    return Port.range("tcp", from, to);
  }
  static allTcp(): Port {
    return Port.range("tcp", 0, 65535);
  }
  static udp(port: number): Port {
    return Port.range("udp", port, port);
  }
  static udpRange(from: number, to: number): Port {
    return Port.range("udp", from, to);
  }
  static allUdp(): Port {
    return Port.range("udp", 0, 65535);
  }
  /** Every ICMP type and code (ping, and the "fragmentation needed" messages path MTU discovery relies on). */
  static allIcmp(): Port {
    return new Port("icmp", -1, -1);
  }
  /** Every protocol and port. */
  static allTraffic(): Port {
    return new Port("-1", undefined, undefined);
  }

  private static range(protocol: "tcp" | "udp", from: number, to: number): Port {
    for (const [field, value] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        throw new SpecError(`Port.${protocol}`, field, value, "not a port number", "use an integer from 0 to 65535");
      }
    }
    if (from > to) throw new SpecError(`Port.${protocol}Range`, "from", from, `greater than to (${to})`, "give the lower port first");
    return new Port(protocol, from, to);
  }

  private constructor(
    public readonly protocol: SecurityGroupProtocol,
    /** First port (or ICMP type); undefined for every protocol. */
    public readonly fromPort: number | undefined,
    /** Last port (or ICMP code); undefined for every protocol. */
    public readonly toPort: number | undefined,
  ) {}

  /** True when TCP traffic to `port` matches this rule. */
  includesTcp(port: number): boolean {
    if (this.protocol === "-1") return true;
    return this.protocol === "tcp" && this.fromPort! <= port && port <= this.toPort!;
  }

  /** A short stable text, for ids and messages: `tcp-443`, `tcp-8000-8099`, `icmp`, `all`. */
  toString(): string {
    if (this.protocol === "-1") return "all";
    if (this.protocol === "icmp") return "icmp";
    return this.fromPort === this.toPort ? `${this.protocol}-${this.fromPort}` : `${this.protocol}-${this.fromPort}-${this.toPort}`;
  }
}
