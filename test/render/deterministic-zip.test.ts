import { crc32, deterministicZip } from "../../lib/render/deterministic-zip";

/** Reads the central directory back: the names, sizes, CRCs, times and modes a zip tool sees. */
function centralDirectory(zip: Buffer) {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const offset = zip.readUInt32LE(at + 42);
    const size = zip.readUInt32LE(at + 24);
    const data = zip.subarray(offset + 30 + nameLength, offset + 30 + nameLength + size);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      crc: zip.readUInt32LE(at + 16),
      dosDate: zip.readUInt16LE(at + 14),
      mode: (zip.readUInt32LE(at + 38) >>> 16).toString(8),
      data: data.toString("utf8"),
      dataCrc: crc32(data),
    });
    at += 46 + nameLength;
  }
  return entries;
}

describe("deterministicZip", () => {
  test("CRC-32 matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  test("the same files give the same bytes, whatever order they come in", () => {
    const a = deterministicZip({ "Dockerrun.aws.json": "{}\n", ".ebextensions/logs.config": "option_settings: []\n" });
    const b = deterministicZip({ ".ebextensions/logs.config": "option_settings: []\n", "Dockerrun.aws.json": "{}\n" });
    expect(a.equals(b)).toBe(true);
    expect(deterministicZip({ "Dockerrun.aws.json": "{ }\n" }).equals(deterministicZip({ "Dockerrun.aws.json": "{}\n" }))).toBe(false);
  });

  test("entries are sorted, stored with their CRC, dated 1980-01-01 and mode 0644", () => {
    const entries = centralDirectory(deterministicZip({ "docker-compose.yml": "services: {}\n", ".platform/hooks/x.sh": "#!/bin/sh\n" }));
    expect(entries.map((e) => e.name)).toEqual([".platform/hooks/x.sh", "docker-compose.yml"]);
    for (const e of entries) {
      expect(e.crc).toBe(e.dataCrc);
      expect(e.dosDate).toBe(0x21);
      expect(e.mode).toBe("100644");
    }
    expect(entries[1].data).toBe("services: {}\n");
  });

  test("refuses entry names that could escape the bundle", () => {
    expect(() => deterministicZip({ "../etc/passwd": "x" })).toThrow(/must be a relative path/);
    expect(() => deterministicZip({ "/abs": "x" })).toThrow(/must be a relative path/);
  });
});
