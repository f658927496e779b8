import { readDockerRunArgs, renderDockerRunArgs, resolveContainer, SecretRef } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";

const BASE: ContainerSpec = { name: "web", image: "nginx:1.27", healthCheck: { command: "curl -fsS http://127.0.0.1/ || exit 1" } };

/** The values following each occurrence of a flag. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
}

describe("renderDockerRunArgs", () => {
  test("the hardened defaults, flag by flag", () => {
    const args = renderDockerRunArgs(BASE);
    expect(args.slice(0, 4)).toEqual(["run", "--detach", "--restart", "on-failure:5"]);
    expect(values(args, "--name")).toEqual(["web"]);
    expect(values(args, "--user")).toEqual(["65534:65534"]);
    expect(args).toContain("--read-only");
    expect(args).not.toContain("--privileged");
    expect(values(args, "--cap-drop")).toEqual(["ALL"]);
    expect(values(args, "--cap-add")).toEqual([]);
    expect(values(args, "--security-opt")).toEqual(["no-new-privileges:true"]);
    expect(values(args, "--memory")).toEqual([String(256 * 1024 * 1024)]);
    expect(values(args, "--memory-swap")).toEqual([String(256 * 1024 * 1024)]);
    expect(values(args, "--cpus")).toEqual(["1"]);
    expect(values(args, "--pids-limit")).toEqual(["256"]);
    expect(values(args, "--ulimit")).toEqual(["nofile=1024:65536"]);
    expect(values(args, "--tmpfs")).toEqual([`/tmp:rw,noexec,nosuid,nodev,size=${64 * 1024 * 1024},mode=1777`]);
    expect(values(args, "--log-driver")).toEqual(["local"]);
    expect(values(args, "--log-opt")).toEqual(["max-file=5", "max-size=10m"]);
    expect(values(args, "--health-cmd")).toEqual(["curl -fsS http://127.0.0.1/ || exit 1"]);
    expect(values(args, "--health-interval")).toEqual(["30s"]);
    expect(values(args, "--health-timeout")).toEqual(["5s"]);
    expect(values(args, "--health-retries")).toEqual(["3"]);
    expect(values(args, "--stop-timeout")).toEqual(["10"]);
    expect(values(args, "--stop-signal")).toEqual(["SIGTERM"]);
    expect(args.at(-1)).toBe("nginx:1.27");
  });

  test("under systemd the container runs in the foreground with --rm and no restart policy", () => {
    const args = renderDockerRunArgs(
      { ...BASE, restart: { policy: "always" }, exceptions: [{ rule: "CIS-5.15", reason: "systemd restarts it anyway" }] },
      { supervisor: "systemd" },
    );
    expect(args.slice(0, 2)).toEqual(["run", "--rm"]);
    expect(args).not.toContain("--detach");
    expect(args).not.toContain("--restart");
  });

  test("the entrypoint's first element is --entrypoint; the rest and the command follow the image", () => {
    const args = renderDockerRunArgs({ ...BASE, entrypoint: ["/bin/sh", "-c"], command: ["exec nginx -g 'daemon off;'"] });
    expect(values(args, "--entrypoint")).toEqual(["/bin/sh"]);
    expect(args.slice(args.indexOf("nginx:1.27"))).toEqual(["nginx:1.27", "-c", "exec nginx -g 'daemon off;'"]);
  });

  test("ports bind 127.0.0.1 by default; IPv6 addresses are bracketed", () => {
    const args = renderDockerRunArgs({
      ...BASE,
      ports: [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 53, hostIp: "::1", protocol: "udp" },
      ],
    });
    expect(values(args, "--publish")).toEqual(["127.0.0.1:8080:80/tcp", "[::1]:53:53/udp"]);
  });

  test("bind mounts are read-only by default, volumes writable, sorted by target", () => {
    const args = renderDockerRunArgs({
      ...BASE,
      mounts: [
        { type: "volume", source: "data", target: "/var/lib/app" },
        { type: "bind", source: "/srv/web/conf", target: "/etc/nginx/conf.d" },
      ],
    });
    expect(values(args, "--mount")).toEqual([
      "type=bind,source=/srv/web/conf,target=/etc/nginx/conf.d,readonly",
      "type=volume,source=data,target=/var/lib/app",
    ]);
  });

  test("a mount path with a quote is CSV-quoted, as the Docker CLI parses --mount", () => {
    const spec: ContainerSpec = { ...BASE, mounts: [{ type: "bind", source: '/srv/say "hi"', target: "/data" }] };
    const args = renderDockerRunArgs(spec);
    expect(values(args, "--mount")).toEqual(['type=bind,"source=/srv/say ""hi""",target=/data,readonly']);
    expect(readDockerRunArgs(args).settings.mounts).toEqual([{ type: "bind", source: '/srv/say "hi"', target: "/data", readOnly: true }]);
  });

  test("secrets become read-only file mounts and <NAME>_FILE, never values", () => {
    const args = renderDockerRunArgs({ ...BASE, secrets: { DB_PASSWORD: SecretRef.ssmParameter("/prod/db/password") } });
    expect(values(args, "--mount")).toEqual([
      "type=bind,source=/run/cdktf-docker-environments/web/secrets/DB_PASSWORD,target=/run/secrets/DB_PASSWORD,readonly",
    ]);
    expect(values(args, "--env")).toEqual(["DB_PASSWORD_FILE=/run/secrets/DB_PASSWORD"]);
    expect(args.join(" ")).not.toContain("/prod/db/password");
  });

  test("pass-through variables come after the spec's own", () => {
    const args = renderDockerRunArgs({ ...BASE, environment: { A: "1" } }, { passEnvironment: ["REGION"] });
    expect(values(args, "--env")).toEqual(["A=1", "REGION"]);
    expect(readDockerRunArgs(args).passEnvironment).toEqual(["REGION"]);
  });

  test("more than one network is refused: docker run joins one", () => {
    expect(() => renderDockerRunArgs({ ...BASE, networks: [{ name: "a" }, { name: "b" }] })).toThrow(/container web: networks = \["a","b"\]: .*Fix: /);
  });

  test("a policy violation is refused before rendering", () => {
    expect(() => renderDockerRunArgs({ ...BASE, security: { privileged: true } }, { where: "hosts/web-1" })).toThrow(/^hosts\/web-1: policy CIS-5\.5 /);
  });
});

describe("readDockerRunArgs", () => {
  test("reads back what renderDockerRunArgs wrote", () => {
    const spec: ContainerSpec = {
      ...BASE,
      ports: [{ containerPort: 80, hostPort: 8080 }],
      environment: { B: "2", A: "x=y" },
      labels: { "com.example.team": "web" },
      networks: [{ name: "backend", aliases: ["www", "web"] }],
      command: ["nginx", "-g", "daemon off;"],
    };
    const reading = readDockerRunArgs(renderDockerRunArgs(spec));
    expect(reading.settings).toEqual({ ...resolveContainer(spec, "x"), secrets: {} });
    expect(reading.detach).toBe(true);
    expect(reading.removeOnExit).toBe(false);
  });

  test("accepts a leading docker, --flag=value and short booleans", () => {
    const { settings, detach, removeOnExit } = readDockerRunArgs([
      "docker",
      "run",
      "-d",
      "--rm",
      "--name=api",
      "--memory=512m",
      "--cpus=0.5",
      "--read-only=false",
      "--privileged",
      "--security-opt",
      "no-new-privileges",
      "--restart",
      "on-failure:3",
      "--ulimit",
      "nproc=100",
      "--health-cmd",
      "true",
      "--health-interval",
      "1m",
      "--health-timeout",
      "500ms",
      "app:1",
      "serve",
    ]);
    expect(detach).toBe(true);
    expect(removeOnExit).toBe(true);
    expect(settings).toMatchObject({
      name: "api",
      image: "app:1",
      command: ["serve"],
      memoryBytes: 512 * 1024 * 1024,
      cpus: 0.5,
      readOnlyRootFilesystem: false,
      privileged: true,
      securityOpts: ["no-new-privileges:true"],
      restart: { policy: "on-failure", maxRetries: 3 },
      ulimits: { nproc: { soft: 100, hard: 100 } },
      healthCheck: { test: ["CMD-SHELL", "true"], intervalSeconds: 60, timeoutSeconds: 0.5, retries: 3, startPeriodSeconds: 0 },
    });
  });

  test("Docker's own defaults apply to what the argv does not say", () => {
    const { settings } = readDockerRunArgs(["run", "busybox:1.36"]);
    expect(settings).toMatchObject({
      user: undefined,
      readOnlyRootFilesystem: false,
      capDrop: [],
      logDriver: "json-file",
      restart: { policy: "no" },
      memoryBytes: undefined,
    });
  });

  test("--mount is read as one CSV record, like the Docker CLI does", () => {
    const mounts = (value: string) => readDockerRunArgs(["run", "--mount", value, "busybox"]).settings.mounts;
    expect(mounts('"type=bind","src=/a,b","dst=/x""y",ro')).toEqual([{ type: "bind", source: "/a,b", target: '/x"y', readOnly: true }]);
    expect(mounts("type=volume,source=data,target=/data,readonly=false")).toEqual([{ type: "volume", source: "data", target: "/data", readOnly: false }]);
    expect(() => mounts('type=bind,source=/a"b,target=/x')).toThrow(/bare "/);
    expect(() => mounts('type=bind,"source=/a,target=/x')).toThrow(/unterminated/);
    expect(() => mounts('type=bind,"source=/a"x,target=/x')).toThrow(/extraneous/);
  });

  test("unknown flags are refused, not ignored", () => {
    expect(() => readDockerRunArgs(["run", "--cap-drop", "ALL", "--volume", "/:/host", "busybox"])).toThrow(/--volume/);
    expect(() => readDockerRunArgs(["create", "busybox"])).toThrow(/not a docker run command/);
    expect(() => readDockerRunArgs(["run", "--name"])).toThrow(/has no value/);
    expect(() => readDockerRunArgs(["run", "--rm"])).toThrow(/no image/);
    expect(() => readDockerRunArgs(["run", "--publish", "8080:80", "busybox"])).toThrow(/--publish 8080:80/);
  });
});
