// The only place that imports the Docker provider: deep imports keep synth fast.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: see lazy-class.ts */
import { lazyClass } from "./lazy-class";
export const DockerProvider = lazyClass(
  () => (require("@cdktf/provider-docker/lib/provider") as typeof import("@cdktf/provider-docker/lib/provider")).DockerProvider,
);
export type DockerProvider = import("@cdktf/provider-docker/lib/provider").DockerProvider;
export type { DockerProviderConfig } from "@cdktf/provider-docker/lib/provider";
export const DockerContainer = lazyClass(
  () => (require("@cdktf/provider-docker/lib/container") as typeof import("@cdktf/provider-docker/lib/container")).Container,
);
export type DockerContainer = import("@cdktf/provider-docker/lib/container").Container;
export const DockerImage = lazyClass(() => (require("@cdktf/provider-docker/lib/image") as typeof import("@cdktf/provider-docker/lib/image")).Image);
export type DockerImage = import("@cdktf/provider-docker/lib/image").Image;
export const DockerNetwork = lazyClass(() => (require("@cdktf/provider-docker/lib/network") as typeof import("@cdktf/provider-docker/lib/network")).Network);
export type DockerNetwork = import("@cdktf/provider-docker/lib/network").Network;
export const DockerVolume = lazyClass(() => (require("@cdktf/provider-docker/lib/volume") as typeof import("@cdktf/provider-docker/lib/volume")).Volume);
export type DockerVolume = import("@cdktf/provider-docker/lib/volume").Volume;
// Image pipeline (lib/constructs/image-pipeline.ts, image-promotion.ts).
export const DockerRegistryImage = lazyClass(
  () => (require("@cdktf/provider-docker/lib/registry-image") as typeof import("@cdktf/provider-docker/lib/registry-image")).RegistryImage,
);
export type DockerRegistryImage = import("@cdktf/provider-docker/lib/registry-image").RegistryImage;
export const DockerTag = lazyClass(() => (require("@cdktf/provider-docker/lib/tag") as typeof import("@cdktf/provider-docker/lib/tag")).Tag);
export type DockerTag = import("@cdktf/provider-docker/lib/tag").Tag;
