// A user's program: render the systemd unit and docker run line for one service, with its
// configuration layers and a secret fetched on the host from SSM Parameter Store.
import { renderDockerRunArgs, renderSystemdUnit, SecretRef } from "cdktf-docker-environments";
import type { ContainerSpec } from "cdktf-docker-environments";

export const worker: ContainerSpec = {
  name: "worker",
  image: "registry.example.com/team/worker:2.3.0@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
  user: "10001:10001",
  command: ["worker", "--queue", "default"],
  environment: { LOG_FORMAT: "json" },
  secrets: { DATABASE_PASSWORD: SecretRef.ssmParameter("/prod/worker/database-password") },
  resources: { memory: "512m", cpus: 1, pidsLimit: 128 },
  healthCheck: { command: "worker healthcheck", intervalSeconds: 15 },
};

export function renderWorker(): { unit: string; dockerRun: string[] } {
  return {
    unit: renderSystemdUnit(worker, {
      environmentLayers: [
        { name: "cluster", path: "/etc/cdktf-docker-environments/cluster.env", variables: ["REGION", "LOG_LEVEL"] },
        { name: "common", path: "/etc/cdktf-docker-environments/worker/common.env", variables: ["QUEUE_URL", "LOG_LEVEL"] },
        { name: "local", path: "/etc/cdktf-docker-environments/worker/local.env", variables: ["LOG_LEVEL"] },
      ],
    }),
    dockerRun: renderDockerRunArgs(worker),
  };
}

if (require.main === module) {
  process.stdout.write(renderWorker().unit);
}
