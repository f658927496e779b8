/**
 * checkFiles refuses a file path that is not plain and normalised with one regular expression.
 * For paths over an alphabet that makes every case likely (`a`, `.`, `/`), it refuses exactly the
 * paths that have an empty, `.` or `..` segment after the root (a `//`, a `/./`, a trailing `/`…).
 */
import fc from "fast-check";
import { renderCloudInit, SpecError } from "cdktf-docker-environments";
import type { HostPlan } from "cdktf-docker-environments";
import { overlay2HostPlan } from "../support/host-plan-fixtures";

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 300);

function refusedAsUnnormalised(path: string): boolean {
  const base = overlay2HostPlan();
  const plan: HostPlan = { ...base, files: [...base.files, { path, content: "x\n", mode: "0644", owner: "root", group: "root" }] };
  try {
    renderCloudInit(plan);
    return false;
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return /not a plain normalised path/.test(error.message);
  }
}

const hasBadSegment = (path: string) =>
  path
    .split("/")
    .slice(1)
    .some((segment) => segment === "" || segment === "." || segment === "..");

test.each([
  ["/etc//app.env", true],
  ["/etc/./app.env", true],
  ["/etc/app/", true],
  ["/etc/.", true],
  ["/etc/..", true],
  ["/", true],
  ["/etc/.hidden", false],
  ["/etc/...", false],
  ["/etc/app.d/x.conf", false],
])("%s refused as not normalised: %s", (path, refused) => {
  expect(refusedAsUnnormalised(path)).toBe(refused);
});

test("refused exactly when a segment after the root is empty, . or ..", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^\/[a./]{0,12}$/), (path) => refusedAsUnnormalised(path) === hasBadSegment(path)),
    { numRuns: NUM_RUNS },
  );
});
