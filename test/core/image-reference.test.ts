import { formatImageReference, parseImageReference } from "cdktf-docker-environments";
import type { ImageReference } from "cdktf-docker-environments";
import { isPinnedImage } from "../../lib/core/image-reference";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

function parsed(text: string): ImageReference {
  const ref = parseImageReference(text);
  if (typeof ref === "string") throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${ref}`);
  return ref;
}

describe("parseImageReference: valid references", () => {
  test.each<[string, ImageReference]>([
    ["nginx", { registry: undefined, repository: "nginx", tag: undefined, digest: undefined }],
    ["nginx:1.27", { registry: undefined, repository: "nginx", tag: "1.27", digest: undefined }],
    ["library/nginx:1.27-alpine", { registry: undefined, repository: "library/nginx", tag: "1.27-alpine", digest: undefined }],
    [`registry.example.com:5000/team/app:v1@${DIGEST}`, { registry: "registry.example.com:5000", repository: "team/app", tag: "v1", digest: DIGEST }],
    ["localhost/app", { registry: "localhost", repository: "app", tag: undefined, digest: undefined }],
    ["localhost:5000/app:dev", { registry: "localhost:5000", repository: "app", tag: "dev", digest: undefined }],
    [`nginx@${DIGEST}`, { registry: undefined, repository: "nginx", tag: undefined, digest: DIGEST }],
    [
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@${DIGEST}`,
      { registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", repository: "team/app", tag: undefined, digest: DIGEST },
    ],
    ["[::1]:5000/app:1", { registry: "[::1]:5000", repository: "app", tag: "1", digest: undefined }],
    ["my_org/my__app.x-y:Tag_1.0", { registry: undefined, repository: "my_org/my__app.x-y", tag: "Tag_1.0", digest: undefined }],
  ])("%s", (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  test("a first path component without a dot, colon or localhost is part of the repository", () => {
    expect(parsed("team/app:1")).toEqual({ registry: undefined, repository: "team/app", tag: "1", digest: undefined });
  });

  test("format is the inverse of parse for canonical references", () => {
    for (const text of ["nginx", "nginx:1.27", `registry.example.com:5000/team/app:v1@${DIGEST}`, "localhost/app", `nginx@${DIGEST}`]) {
      expect(formatImageReference(parsed(text))).toBe(text);
    }
  });

  test("only a digest pins an image", () => {
    expect(isPinnedImage(parsed(`nginx:1.27@${DIGEST}`))).toBe(true);
    expect(isPinnedImage(parsed(`nginx@${DIGEST}`))).toBe(true);
    expect(isPinnedImage(parsed("nginx:1.27"))).toBe(false);
  });
});

describe("parseImageReference: invalid references say what is wrong", () => {
  test.each<[string, string, RegExp]>([
    ["empty", "", /empty/],
    ["only spaces", "   ", /empty/],
    ["uppercase repository", "Nginx:1.27", /repository "Nginx" must be lowercase/],
    ["uppercase path component", "team/MyApp", /repository "team\/MyApp"/],
    ["digest too short", "nginx@sha256:abc123", /digest "sha256:abc123"/],
    ["digest with uppercase hex", `nginx@sha256:${"A".repeat(64)}`, /digest/],
    ["digest of another algorithm", `nginx@md5:${"a".repeat(64)}`, /digest/],
    ["inner space", "nginx :1.27", /whitespace/],
    ["leading space", " nginx", /whitespace/],
    ["newline", "nginx\n", /whitespace/],
    ["tag starting with a dot", "nginx:.hidden", /tag ".hidden"/],
    ["tag with a slash-free bad character", "nginx:1.27!", /tag "1.27!"/],
    ["tag too long", `nginx:${"a".repeat(129)}`, /tag/],
    ["empty tag", "nginx:", /tag ""/],
    ["empty path component", "team//app", /repository/],
    ["separator at the end", "app-", /repository/],
    ["bad registry host", "-bad.example.com/app", /registry "-bad.example.com"/],
  ])("%s", (_label, text, problem) => {
    const result = parseImageReference(text);
    expect(typeof result).toBe("string");
    expect(result).toMatch(problem);
  });

  test("a non-string is refused, not thrown on", () => {
    expect(parseImageReference(undefined as unknown as string)).toMatch(/empty/);
    expect(parseImageReference(42 as unknown as string)).toMatch(/empty/);
  });
});
