import { checkConfigurationLayer, effectiveEnvironment, resolveReleaseHistory, SpecError } from "cdktf-docker-environments";
import { SpecErrors } from "../../lib/core/spec-error";
import { expectRefusal } from "../support/expect-refusal";

describe("three configuration layers", () => {
  test("local wins over common over cluster, and each value names its layer", () => {
    expect(
      effectiveEnvironment({
        cluster: { REGION: "eu-west-1", LOG_LEVEL: "info", GREETING: "cluster" },
        common: { LOG_LEVEL: "warn", GREETING: "common", DB_HOST: "db" },
        local: { GREETING: "local" },
      }),
    ).toEqual({
      DB_HOST: { value: "db", layer: "common" },
      GREETING: { value: "local", layer: "local" },
      LOG_LEVEL: { value: "warn", layer: "common" },
      REGION: { value: "eu-west-1", layer: "cluster" },
    });
  });

  test.each([
    ["1BAD", "x", /not a valid environment variable name/],
    ["MULTI", "a\nb", /a value with a line break cannot be read from an environment file/],
    ["DB_PASSWORD", "hunter2", /looks like a secret/],
  ])("refuses %s", (name, value, problem) => {
    const error = expectRefusal(
      () => {
        const errors = new SpecErrors("test/env");
        checkConfigurationLayer(errors, "clusterConfiguration", { [name]: value });
        errors.throwIfAny();
      },
      { where: "test/env", field: `clusterConfiguration.${name}`, problem },
    );
    expect(error.message).not.toContain("hunter2");
  });
});

describe("release history", () => {
  const releases = ["registry.example.com/app:3", "registry.example.com/app:2", "registry.example.com/app:1"];

  test("the newest runs; rollbackTo runs an older one", () => {
    expect(resolveReleaseHistory({ releases, limit: 5 }, "env")).toEqual({ running: releases[0], releases, rolledBack: false });
    expect(resolveReleaseHistory({ releases, rollbackTo: releases[2], limit: 5 }, "env")).toEqual({ running: releases[2], releases, rolledBack: true });
    expect(resolveReleaseHistory({ image: releases[1], limit: 5 }, "env").releases).toEqual([releases[1]]);
  });

  test("refusals: unknown rollback target, too many releases, duplicates, bad references, no image, image differing from the newest", () => {
    expectRefusal(() => resolveReleaseHistory({ releases, rollbackTo: "registry.example.com/app:0", limit: 5 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "rollbackTo",
      value: "registry.example.com/app:0",
      problem: /not one of the retained releases/,
    });
    expectRefusal(() => resolveReleaseHistory({ releases, limit: 2 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "releases",
      problem: /3 releases, more than the 2 this environment retains/,
    });
    expectRefusal(() => resolveReleaseHistory({ releases: [releases[0], releases[0]], limit: 5 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "releases[1]",
      value: releases[0],
      problem: /repeats releases\[0\]/,
    });
    expectRefusal(() => resolveReleaseHistory({ releases: ["Bad Ref"], limit: 5 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "releases[0]",
      value: "Bad Ref",
      problem: /whitespace/,
    });
    expectRefusal(() => resolveReleaseHistory({ limit: 5 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "releases",
      problem: /the service has no image/,
    });
    expectRefusal(() => resolveReleaseHistory({ image: releases[2], releases, limit: 5 }, "test/env/services/app"), {
      where: "test/env/services/app",
      field: "spec.image",
      value: releases[2],
      problem: /differs from the newest release/,
    });
    expect(() => resolveReleaseHistory({ releases, limit: 0 }, "env")).toThrow(SpecError);
  });
});
