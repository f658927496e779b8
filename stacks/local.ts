import * as path from "node:path";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { LocalEnvironment } from "../lib/environments/local-environment";
import { DockerProvider } from "../lib/providers/docker";
import { reverseProxyConfig } from "./nginx-proxy-config";

const PROXY_CONFIG = reverseProxyConfig({ forwardProto: false });

/**
 * The `local` stack: a web application, its backing store and a reverse proxy in front,
 * on the local Docker engine. `cdktf deploy local`, then http://127.0.0.1:8080/.
 */
export class LocalStack extends TerraformStack {
  public readonly environment: LocalEnvironment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, "docker", { host: "unix:///var/run/docker.sock" });

    this.environment = new LocalEnvironment(this, "shop", {
      services: [
        {
          name: "store",
          image: "redis:7.4.1-alpine",
          user: "999:1000",
          command: ["redis-server", "--appendonly", "yes", "--save", "60", "1", "--protected-mode", "no"],
          mounts: [{ type: "volume", source: "shop-store-data", target: "/data" }],
          resources: { memory: "256m", cpus: 0.5, pidsLimit: 64 },
          healthCheck: { command: "redis-cli ping | grep -q PONG", intervalSeconds: 10, startPeriodSeconds: 5 },
        },
        {
          name: "web",
          image: "shop-web:dev",
          // Relative to the synthesized stack directory (cdktf.out/stacks/local), where terraform runs.
          build: { context: path.posix.join("..", "..", "..", "stacks", "local-web-app") },
          user: "10001:10001",
          environment: { REDIS_HOST: "store", REDIS_PORT: "6379", PORT: "8080" },
          resources: { memory: "128m", cpus: 0.5, pidsLimit: 128 },
          healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz", intervalSeconds: 10, startPeriodSeconds: 5 },
        },
        {
          name: "proxy",
          image: "nginxinc/nginx-unprivileged:1.27-alpine",
          user: "101:101",
          entrypoint: ["/bin/sh", "-c"],
          command: ['printf "%s" "$PROXY_CONFIG" > /tmp/nginx.conf && exec nginx -c /tmp/nginx.conf -g "daemon off;"'],
          environment: { PROXY_CONFIG },
          ports: [{ containerPort: 8080, hostPort: 8080 }],
          mounts: [{ type: "tmpfs", target: "/var/cache/nginx", size: "32m" }],
          resources: { memory: "64m", cpus: 0.5, pidsLimit: 64 },
          healthCheck: { command: "wget -qO- http://127.0.0.1:8080/nginx-health", intervalSeconds: 10 },
        },
      ],
    });

    new TerraformOutput(this, "url", { value: "http://127.0.0.1:8080/", description: "The reverse proxy, bound to loopback only" });
  }
}
