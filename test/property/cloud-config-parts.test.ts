/**
 * renderCloudInit writes the cloud-config as the concatenation of parts it renders once per
 * process (see cloud-init.ts). For plans whose files hold arbitrary text (leading spaces, blank
 * lines, quotes, `#`, `: `, tabs, no final newline, non-ASCII, and one-line texts that YAML 1.1
 * reads as something else), the document must be exactly what js-yaml writes for the whole, and
 * parse back as YAML 1.1 to the plan's files byte for byte. (The integration tests read it with
 * cloud-init's own loader.)
 */
import fc from "fast-check";
import { YAML11_SCHEMA, load } from "js-yaml";
import { renderCloudInit } from "cdktf-docker-environments";
import type { HostFile, HostPlan } from "cdktf-docker-environments";
import { yaml11Text } from "../../lib/render/yaml-1-1";
import { YAML_1_1_LOOKALIKES, overlay2HostPlan } from "../support/host-plan-fixtures";

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 200);

const line = fc.stringMatching(/^[ -~\u00e9\u2603\t]{0,40}$/);
const content = fc.oneof(
  fc.array(line, { maxLength: 6 }).chain((lines) => fc.constantFrom(lines.join("\n"), `${lines.join("\n")}\n`, `${lines.join("\n")}\n\n`)),
  fc.constantFrom(...YAML_1_1_LOOKALIKES),
);
const fileArb = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  content,
  mode: fc.constantFrom("0600", "0640", "0644", "0755"),
});

test("the composed cloud-config is the rendering of the whole and reads back exactly", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fileArb, { minLength: 1, maxLength: 5, selector: (f) => f.name }), (extra) => {
      const base = overlay2HostPlan();
      const files: HostFile[] = extra.map((f) => ({ path: `/etc/app/${f.name}.conf`, content: f.content, mode: f.mode, owner: "root", group: "root" }));
      const plan: HostPlan = { ...base, files: [...base.files, ...files] };
      const text = renderCloudInit(plan).cloudConfig;
      const body = text.slice(text.indexOf("\npackage_update:") + 1);
      const parsed = load(body, { schema: YAML11_SCHEMA }) as { write_files: { path: string; content: string }[] };
      expect(body).toBe(yaml11Text(parsed, { indentSequences: false, flowItemsOf: "runcmd" }));
      for (const file of files) expect(parsed.write_files.find((w) => w.path === file.path)?.content).toBe(file.content);
    }),
    { numRuns: NUM_RUNS },
  );
});
