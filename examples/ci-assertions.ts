// A user's CI check: synthesize the stack, then assert what matters with the library's test
// helpers (framework-neutral: they throw, so jest, vitest, mocha or node:test all work).
import { App } from "cdktf";
import { assertPolicyPasses, stableSnapshot } from "cdktf-docker-environments";
import { buildExample } from "./local-hardened-service";

export function checkExample(app: App = new App()): { checked: string[]; snapshot: unknown } {
  const stack = buildExample(app);
  // Every docker_container (and every unit on a bootstrapped host) passes the production policy.
  const report = assertPolicyPasses(stack, { requirePinnedImages: true });
  // What to pin with your framework's snapshot matcher: volatile values (asset hashes, paths) taken out.
  return { checked: report.checked, snapshot: stableSnapshot(stack) };
}

if (require.main === module) {
  const { checked } = checkExample();
  process.stdout.write(`policy passed: ${checked.join(", ")}\n`);
}
