import { quoteSystemdArg, systemdCommandLine } from "../../lib/render/systemd-quote";
import { systemdExecArgv, unquoteSystemdCommandLine } from "../support/systemd-exec";

describe("quoteSystemdArg", () => {
  test.each([
    ["/usr/bin/docker", "/usr/bin/docker"],
    ["--cap-drop", "--cap-drop"],
    ["a=b,c:d", "a=b,c:d"],
    ["100%", "100%%"],
    ["$HOME", "$$HOME"],
    ["${HOME}", '"$${HOME}"'],
    ["two words", '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", '"it\'s"'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak", '"line\\nbreak"'],
    ["tab\there", '"tab\\there"'],
    ["semi;colon", '"semi;colon"'],
    [";", '";"'],
    ["", '""'],
  ])("%p -> %p", (arg, quoted) => expect(quoteSystemdArg(arg)).toBe(quoted));
});

describe("the test helper reads back what systemd would execute", () => {
  test("quoting then unquoting is the identity on awkward arguments", () => {
    const args = ["/usr/bin/docker", "run", "", "two words", 'a "quoted" word', "it's", "100% $HOME ${X} $$", "a\nb\tc", "back\\slash", ";", "%%", "ünïcødé"];
    expect(unquoteSystemdCommandLine(systemdCommandLine(args))).toEqual(args);
  });

  test("systemd's own forms: single quotes, escapes outside quotes, adjacent quoted parts", () => {
    expect(unquoteSystemdCommandLine(`/bin/echo 'a b' "c"d e\\sf \\x41 \\101 "\\u00e9"`)).toEqual(["/bin/echo", "a b", "cd", "e f", "A", "A", "é"]);
  });

  test("what systemd would expand is an error, not a silent difference", () => {
    expect(() => unquoteSystemdCommandLine("/bin/echo $HOME")).toThrow(/unescaped \$/);
    expect(() => unquoteSystemdCommandLine('/bin/echo "${HOME}"')).toThrow(/unescaped \$/);
    expect(() => unquoteSystemdCommandLine("/bin/echo 100%n")).toThrow(/specifier %n/);
    expect(() => unquoteSystemdCommandLine('/bin/echo "open')).toThrow(/unterminated/);
    expect(() => unquoteSystemdCommandLine("/bin/echo \\q")).toThrow(/invalid escape/);
  });

  test("systemdExecArgv finds the line and drops the - prefix", () => {
    expect(systemdExecArgv("[Service]\nExecStartPre=-/usr/bin/docker rm x\nExecStart=/usr/bin/docker run x\n", "ExecStartPre")).toEqual([
      "/usr/bin/docker",
      "rm",
      "x",
    ]);
  });
});
