// A user's program: one hardened service on the local Docker engine, pinned by digest.
import { App, TerraformStack } from "cdktf";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { LocalEnvironment } from "cdktf-docker-environments";

export function buildExample(app: App = new App()): TerraformStack {
  const stack = new TerraformStack(app, "example-local");
  new DockerProvider(stack, "docker", {});
  new LocalEnvironment(stack, "api", {
    policy: { requirePinnedImages: true },
    services: [
      {
        name: "api",
        image: "ghcr.io/example/api:1.4.2@sha256:9b2a5c8f1e0d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3",
        user: "10001:10001",
        ports: [{ containerPort: 8080, hostPort: 18080 }],
        resources: { memory: "128m", cpus: 0.5, pidsLimit: 64 },
        healthCheck: { command: "wget -qO- http://127.0.0.1:8080/healthz", intervalSeconds: 10 },
      },
    ],
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildExample(app);
  app.synth();
}
