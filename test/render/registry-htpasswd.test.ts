import { compareSync } from "bcryptjs";
import { SecretRef } from "cdktf-docker-environments";
import { renderHtpasswd, renderHtpasswdScript } from "../../lib/render/registry-htpasswd";
import { expectRefusal } from "../support/expect-refusal";

const WHERE = "htpasswd";

describe("renderHtpasswd", () => {
  test("renders one bcrypt line per user that verifies the password, cost 10 by default", () => {
    const text = renderHtpasswd([
      { name: "ci", password: "correct horse battery staple" },
      { name: "deploy@prod", password: "ünïcødé ✓" },
    ]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const [ciName, ciHash] = lines[0].split(":");
    expect(ciName).toBe("ci");
    expect(ciHash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    expect(compareSync("correct horse battery staple", ciHash)).toBe(true);
    expect(compareSync("correct horse battery stapler", ciHash)).toBe(false);
    expect(compareSync("ünïcødé ✓", lines[1].slice("deploy@prod:".length))).toBe(true);
    expect(text).not.toContain("correct horse");
  });

  test("a higher cost is written into the hash", () => {
    expect(renderHtpasswd([{ name: "ci", password: "pw" }], { cost: 11 })).toMatch(/^ci:\$2b\$11\$/);
  });

  test.each([
    ["no users", [], {}, "users", /at least one user/],
    ["a name with a colon", [{ name: "a:b", password: "x" }], {}, "users[0].name", /no ':'/],
    [
      "a user listed twice",
      [
        { name: "ci", password: "x" },
        { name: "ci", password: "y" },
      ],
      {},
      "users[1].name",
      /listed twice/,
    ],
    ["an empty password", [{ name: "ci", password: "" }], {}, "users[0].password", /empty/],
    ["a password past bcrypt's 72 bytes", [{ name: "ci", password: "é".repeat(37) }], {}, "users[0].password", /first 72 bytes/],
    ["a password with a line break", [{ name: "ci", password: "a\nb" }], {}, "users[0].password", /line break/],
    ["a cost below 10", [{ name: "ci", password: "x" }], { cost: 5 }, "cost", /10-14/],
  ])("refuses %s", (_label, users, options, field, problem) => {
    const error = expectRefusal(() => renderHtpasswd(users, options), { where: WHERE, field, problem });
    expect(error.message).not.toMatch(/"(x|y|a\\nb|é+)"/);
  });
});

describe("renderHtpasswdScript", () => {
  const users = [
    { name: "ci", password: SecretRef.ssmParameter("/registry/users/ci") },
    { name: "hosts", password: SecretRef.secretsManager("registry/users", "hosts") },
    { name: "ops", password: SecretRef.secretsManager("arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-ops") },
    { name: "local", password: SecretRef.hostFile("/run/secrets/registry user's password") },
  ];

  test("fetches each password by reference and hashes it on the host", () => {
    const script = renderHtpasswdScript(users, { uid: 65534, gid: 65534, cost: 12 });
    expect(script).toMatchSnapshot();
    expect(script).toContain("add_user ci ssm-parameter /registry/users/ci\n");
    expect(script).toContain("add_user hosts secrets-manager-json registry/users hosts\n");
    expect(script).toContain("add_user local host-file '/run/secrets/registry user'\\''s password'\n");
    expect(script).toContain('htpasswd -niB -C 12 "$name"');
    expect(script).toContain(
      'install -m 0440 -o 65534 -g 65534 "$work/htpasswd" /etc/docker/registry/htpasswd.new\nmv -f /etc/docker/registry/htpasswd.new /etc/docker/registry/htpasswd\n',
    );
  });

  test("refuses a literal password, naming the reference to use instead", () => {
    const error = expectRefusal(() => renderHtpasswdScript([{ name: "ci", password: "hunter2" as never }]), {
      where: WHERE,
      field: "users[0].password",
      value: "<redacted literal>",
      problem: /literal value/,
    });
    expect(error.message).toContain('SecretRef.ssmParameter("/registry/users/ci")');
    expect(error.message).not.toContain("hunter2");
  });

  test("refuses a relative path, bad ids and bad references", () => {
    expectRefusal(() => renderHtpasswdScript(users, { path: "htpasswd" }), { where: WHERE, field: "path", value: "htpasswd", problem: /absolute path/ });
    expectRefusal(() => renderHtpasswdScript(users, { uid: -1 }), { where: WHERE, field: "uid", value: -1, problem: /numeric id/ });
    expectRefusal(() => renderHtpasswdScript([{ name: "ci", password: { kind: "vault" } as never }]), {
      where: WHERE,
      field: "users[0].password",
      problem: /not a secret reference/,
    });
    expectRefusal(() => renderHtpasswdScript(users, { cost: 15 }), { where: WHERE, field: "cost", value: 15, problem: /10-14/ });
  });
});
