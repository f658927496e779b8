import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deterministicTarGz } from "../../lib/render/tar-archive";

/** The deploy documents' archive, read by the real GNU tar that the hosts run. */
describe("deterministicTarGz", () => {
  const files = [
    { path: "deploy-service", content: "#!/bin/sh\necho deploy\n" },
    { path: "bundle/app-1/unit", content: "[Unit]\nDescription=é ünïcode and $pecial `chars`\n" },
    { path: "bundle/app-1/empty", content: "" },
    { path: "bundle/app-2/big", content: "x".repeat(70_000) },
  ];

  test("GNU tar extracts exactly the files, byte for byte", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktfde-tar-"));
    try {
      const archive = path.join(dir, "a.tgz");
      fs.writeFileSync(archive, deterministicTarGz(files));
      const listing = execFileSync("tar", ["-tzvf", archive], { encoding: "utf8" });
      expect(listing).not.toMatch(/warning|error/i);
      execFileSync("tar", ["-xzf", archive, "-C", dir, "--no-same-owner"]);
      for (const file of files) expect(fs.readFileSync(path.join(dir, file.path), "utf8")).toBe(file.content);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the same files give the same bytes; other files, other bytes", () => {
    expect(deterministicTarGz(files).equals(deterministicTarGz(files))).toBe(true);
    expect(deterministicTarGz(files).equals(deterministicTarGz(files.slice(1)))).toBe(false);
  });

  test("absolute, parent and over-long paths are refused", () => {
    for (const bad of ["/etc/passwd", "../x", "a/../../b", "x".repeat(101), ""]) {
      expect(() => deterministicTarGz([{ path: bad, content: "" }])).toThrow(/not a relative archive path/);
    }
  });
});
