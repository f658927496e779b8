import { renderRegistryNginxConf } from "../../lib/render/registry-nginx-conf";
import type { RegistryNginxOptions } from "../../lib/render/registry-nginx-conf";
import { expectRefusal } from "../support/expect-refusal";

const OPTIONS: RegistryNginxOptions = {
  replicas: ["10.0.1.10:5000", "10.0.2.10:5000", "registry-3.internal:5000"],
  serverName: "registry.example.com",
  tls: { certificate: "/etc/nginx/tls/registry.crt", key: "/etc/nginx/tls/registry.key" },
};

describe("renderRegistryNginxConf", () => {
  test("renders the load balancer for N replicas", () => {
    const conf = renderRegistryNginxConf(OPTIONS);
    expect(conf).toMatchSnapshot();
    for (const replica of OPTIONS.replicas) expect(conf).toContain(`    server ${replica} max_fails=3 fail_timeout=10s;\n`);
    for (const directive of [
      "client_max_body_size 0;",
      "chunked_transfer_encoding on;",
      "proxy_set_header Host $http_host;",
      "proxy_set_header X-Real-IP $remote_addr;",
      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      "proxy_set_header X-Forwarded-Proto $scheme;",
      "proxy_read_timeout 900;",
      "ssl_certificate /etc/nginx/tls/registry.crt;",
      "ssl_certificate_key /etc/nginx/tls/registry.key;",
      "add_header Docker-Distribution-Api-Version $docker_distribution_api_version always;",
      "location = /healthz {",
    ]) {
      expect(conf).toContain(directive);
    }
  });

  test("test-friendly options: own files, a temp directory, no user switch", () => {
    const conf = renderRegistryNginxConf({
      ...OPTIONS,
      listen: "198.18.0.1:5443",
      user: null,
      pidFile: "/tmp/x/nginx.pid",
      errorLog: "/tmp/x/error.log",
      accessLog: "/tmp/x/access.log",
      tempDirectory: "/tmp/x/tmp",
    });
    expect(conf).not.toMatch(/^user /m);
    expect(conf).toContain("listen 198.18.0.1:5443 ssl;");
    expect(conf).toContain("pid /tmp/x/nginx.pid;");
    expect(conf).toContain("  client_body_temp_path /tmp/x/tmp/body;\n  proxy_temp_path /tmp/x/tmp/proxy;\n");
  });

  const WHERE = "registry-nginx";
  test.each([
    ["no replicas", { replicas: [] }, "replicas", /at least one registry replica/],
    ["a replica without a port", { replicas: ["10.0.1.10"] }, "replicas[0]", /not a host:port/],
    ["a replica listed twice", { replicas: ["a:5000", "a:5000"] }, "replicas[1]", /listed twice/],
    ["a server name with a semicolon", { serverName: "registry; include /etc/passwd" }, "serverName", /not a host name/],
    ["TLS without a key", { tls: { certificate: "/etc/nginx/tls/registry.crt" } }, "tls.key", /half-configured/],
    ["a certificate path with a space", { tls: { certificate: "/etc/nginx/my cert.pem", key: "/k" } }, "tls.certificate", /not an absolute file path/],
    ["a listen that is not a port", { listen: "https" }, "listen", /not a port/],
    ["a health path under /v2/", { healthPath: "/v2" }, "healthPath", /outside \/v2\//],
    ["a read timeout of 5 seconds", { proxyReadTimeoutSeconds: 5 }, "proxyReadTimeoutSeconds", /from 30 to 86400/],
  ])("refuses %s", (_label, patch, field, problem) => {
    expectRefusal(() => renderRegistryNginxConf({ ...OPTIONS, ...(patch as Partial<RegistryNginxOptions>) }), { where: WHERE, field, problem });
  });
});
