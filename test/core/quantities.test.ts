import { isAbsolutePath, parseByteSize } from "../../lib/core/quantities";

describe("parseByteSize uses the Docker CLI's binary units", () => {
  test.each<[string | number, number]>([
    ["1", 1],
    ["1073741824", 1073741824],
    ["512b", 512],
    ["64k", 64 * 1024],
    ["65536k", 64 * 1024 * 1024],
    ["256m", 256 * 1024 * 1024],
    ["256M", 256 * 1024 * 1024],
    ["1g", 1024 ** 3],
    ["2GiB", 2 * 1024 ** 3],
    ["2gb", 2 * 1024 ** 3],
    ["1t", 1024 ** 4],
    ["1.5g", 1.5 * 1024 ** 3],
    [" 10m ", 10 * 1024 * 1024],
    [4096, 4096],
  ])("%p -> %p bytes", (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  test.each<[string, string | number]>([
    ["words", "lots"],
    ["empty", ""],
    ["zero", "0"],
    ["zero with a unit", "0m"],
    ["negative", "-1m"],
    ["unknown unit", "10x"],
    ["unit only", "m"],
    ["two numbers", "1 2"],
    ["fractional bytes round to 0", "0.1b"],
    ["negative number", -5],
    ["fractional number", 1.5],
    ["unsafe integer", 2 ** 60],
  ])("%s (%p) is refused", (_label, text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });

  test("a non-string non-number is refused", () => {
    expect(parseByteSize(null as unknown as string)).toBeUndefined();
  });
});

describe("isAbsolutePath", () => {
  test.each(["/", "/srv/app", "/srv/my app/x", "/a:b"])("%p is absolute", (p) => expect(isAbsolutePath(p)).toBe(true));
  test.each(["", "srv/app", "./x", "/srv/../etc", "/a,b", "/a\nb", 5])("%p is refused", (p) => expect(isAbsolutePath(p)).toBe(false));
});
