import { LINUX_CAPABILITIES } from "cdktf-docker-environments";
import { capabilityMask, DANGEROUS_CAPABILITIES, normalizeCapability } from "../../lib/core/capabilities";

describe("normalizeCapability", () => {
  test.each([
    ["NET_BIND_SERVICE", "NET_BIND_SERVICE"],
    ["CAP_NET_BIND_SERVICE", "NET_BIND_SERVICE"],
    ["net_bind_service", "NET_BIND_SERVICE"],
    ["cap_chown", "CHOWN"],
    ["Sys_Admin", "SYS_ADMIN"],
  ])("%s -> %s", (input, canonical) => expect(normalizeCapability(input)).toBe(canonical));

  test.each(["CAP_FLY", "FLY", "", "ALL", "CAP_", "NET BIND SERVICE"])("%p is not a capability", (input) => {
    expect(normalizeCapability(input)).toBeUndefined();
  });
});

describe("capabilityMask matches /proc/PID/status", () => {
  test("single capabilities", () => {
    expect(capabilityMask(["CHOWN"])).toBe("0000000000000001");
    expect(capabilityMask(["NET_BIND_SERVICE"])).toBe("0000000000000400");
    expect(capabilityMask(["SYS_ADMIN"])).toBe("0000000000200000");
    expect(capabilityMask(["CHECKPOINT_RESTORE"])).toBe("0000010000000000");
  });

  test("the empty set", () => expect(capabilityMask([])).toBe("0000000000000000"));

  test("Docker's default capability set is 00000000a80425fb", () => {
    const dockerDefault = [
      "CHOWN",
      "DAC_OVERRIDE",
      "FSETID",
      "FOWNER",
      "MKNOD",
      "NET_RAW",
      "SETGID",
      "SETUID",
      "SETFCAP",
      "SETPCAP",
      "NET_BIND_SERVICE",
      "SYS_CHROOT",
      "KILL",
      "AUDIT_WRITE",
    ] as const;
    expect(capabilityMask(dockerDefault)).toBe("00000000a80425fb");
  });

  test("every capability (kernel 5.9+) is 000001ffffffffff, and order and duplicates do not matter", () => {
    expect(capabilityMask(LINUX_CAPABILITIES)).toBe("000001ffffffffff");
    expect(capabilityMask(["KILL", "CHOWN", "KILL"])).toBe(capabilityMask(["CHOWN", "KILL"]));
  });

  test("bit positions follow include/uapi/linux/capability.h", () => {
    const bits: Record<string, number> = {
      CHOWN: 0,
      KILL: 5,
      SETPCAP: 8,
      NET_RAW: 13,
      SYS_MODULE: 16,
      SYS_ADMIN: 21,
      MKNOD: 27,
      SETFCAP: 31,
      MAC_ADMIN: 33,
      SYSLOG: 34,
      AUDIT_READ: 37,
      PERFMON: 38,
      BPF: 39,
      CHECKPOINT_RESTORE: 40,
    };
    for (const [cap, bit] of Object.entries(bits)) expect(LINUX_CAPABILITIES.indexOf(cap as never)).toBe(bit);
  });

  test("the dangerous capabilities are real capability names", () => {
    for (const cap of DANGEROUS_CAPABILITIES) expect(normalizeCapability(cap)).toBe(cap);
  });
});
