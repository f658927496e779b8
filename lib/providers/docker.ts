// The only place that imports the Docker provider: deep imports keep synth fast.
export { DockerProvider } from "@cdktf/provider-docker/lib/provider";
export type { DockerProviderConfig } from "@cdktf/provider-docker/lib/provider";
export { Container as DockerContainer } from "@cdktf/provider-docker/lib/container";
export { Image as DockerImage } from "@cdktf/provider-docker/lib/image";
export { Network as DockerNetwork } from "@cdktf/provider-docker/lib/network";
export { Volume as DockerVolume } from "@cdktf/provider-docker/lib/volume";
// Image pipeline (lib/constructs/image-pipeline.ts, image-promotion.ts).
export { RegistryImage as DockerRegistryImage } from "@cdktf/provider-docker/lib/registry-image";
export { Tag as DockerTag } from "@cdktf/provider-docker/lib/tag";
