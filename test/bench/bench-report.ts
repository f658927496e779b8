/** One measured process. */
export interface Sample {
  readonly wallMs: number;
  readonly rssMiB: number;
}

/** One subject of the bench: an environment (a stack or a scale point) and its raw-cdktf floor. */
export interface Row {
  readonly label: string;
  readonly shape?: string;
  readonly hosts?: number;
  readonly servicesPerHost?: number;
  readonly resources: number;
  readonly jsonKiB: number;
  floorJsonKiB?: number;
  /** The largest user data of a host, as EC2 counts it. */
  readonly maxUserDataBytes?: number;
  readonly env: Sample[];
  readonly floor: Sample[];
}

/** Budgets (issue 8). */
export const BUDGETS = { floorRatio: 1.3, linearity: 1.1, maxRssMiB: 400, userDataBytes: 16384, userDataServices: 50 } as const;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const wall = (samples: Sample[]): number => median(samples.map((s) => s.wallMs));
const rss = (samples: Sample[]): number => median(samples.map((s) => s.rssMiB));

/** The table: medians of the environment and its floor, with ratios. */
export function formatTable(rows: Row[], repeat: number): string {
  const header = ["subject", "resources", "JSON KiB (floor)", "time ms", "floor ms", "ratio", "RSS MiB", "floor MiB", "ratio", "user data B/host"];
  const lines = rows.map((r) => [
    r.label,
    String(r.resources),
    `${r.jsonKiB.toFixed(0)} (${(r.floorJsonKiB ?? 0).toFixed(0)})`,
    wall(r.env).toFixed(0),
    wall(r.floor).toFixed(0),
    (wall(r.env) / wall(r.floor)).toFixed(2),
    rss(r.env).toFixed(0),
    rss(r.floor).toFixed(0),
    (rss(r.env) / rss(r.floor)).toFixed(2),
    r.maxUserDataBytes === undefined ? "" : String(r.maxUserDataBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [
    `Medians of ${repeat} runs, each synthesis in a fresh node process (time: spawn to exit; RSS: peak).`,
    format(header),
    `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...lines.map(format),
  ].join("\n");
}

/** Every budget, met or missed, one line each. */
export function checkBudgets(rows: Row[]): { missed: boolean; lines: string[] } {
  const lines: string[] = [];
  let missed = false;
  const verdict = (ok: boolean, text: string): void => {
    missed ||= !ok;
    lines.push(`${ok ? "ok  " : "MISS"} ${text}`);
  };
  for (const r of rows) {
    const t = wall(r.env) / wall(r.floor);
    const m = rss(r.env) / rss(r.floor);
    verdict(
      t <= BUDGETS.floorRatio && m <= BUDGETS.floorRatio,
      `${r.label}: ${t.toFixed(2)}x time, ${m.toFixed(2)}x memory of the floor (budget ${BUDGETS.floorRatio}x)`,
    );
    verdict(rss(r.env) < BUDGETS.maxRssMiB, `${r.label}: ${rss(r.env).toFixed(0)} MiB peak (budget < ${BUDGETS.maxRssMiB} MiB)`);
  }
  for (const shape of new Set(rows.map((r) => r.shape).filter((s): s is string => s !== undefined))) {
    const at = (hosts: number): Row | undefined => rows.find((r) => r.shape === shape && r.hosts === hosts && r.servicesPerHost === 20);
    const [base, small, large] = [at(0), at(20), at(200)];
    if (base && small && large) {
      for (const [what, of] of [
        ["time", wall],
        ["memory", rss],
      ] as const) {
        // The linear model through the empty environment (0 hosts) and 20x20, extrapolated to 200 hosts.
        const predicted = of(base.env) + (of(small.env) - of(base.env)) * 10;
        const actual = of(large.env);
        verdict(
          actual <= BUDGETS.linearity * predicted,
          `${shape} 200x20 ${what}: ${actual.toFixed(0)} against ${predicted.toFixed(0)} extrapolated linearly from 0x20 and 20x20 (${(actual / predicted).toFixed(2)}, budget ${BUDGETS.linearity})`,
        );
      }
    }
    const fifty = rows.find((r) => r.shape === shape && r.servicesPerHost === BUDGETS.userDataServices);
    if (fifty?.maxUserDataBytes !== undefined) {
      verdict(
        fifty.maxUserDataBytes <= BUDGETS.userDataBytes,
        `${shape}: ${fifty.maxUserDataBytes} bytes of user data for a host with ${BUDGETS.userDataServices} services (budget ${BUDGETS.userDataBytes})`,
      );
    }
  }
  return { missed, lines };
}
