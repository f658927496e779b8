// The only place that imports the Docker provider: deep imports keep synth fast.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: see lazy-export.ts */
import { lazyExport } from "./lazy-export";
export declare const DockerProvider: typeof import("@cdktf/provider-docker/lib/provider").DockerProvider;
lazyExport(
  exports,
  "DockerProvider",
  () => (require("@cdktf/provider-docker/lib/provider") as typeof import("@cdktf/provider-docker/lib/provider")).DockerProvider,
);
export type DockerProvider = import("@cdktf/provider-docker/lib/provider").DockerProvider;
export type { DockerProviderConfig } from "@cdktf/provider-docker/lib/provider";
export declare const DockerContainer: typeof import("@cdktf/provider-docker/lib/container").Container;
lazyExport(
  exports,
  "DockerContainer",
  () => (require("@cdktf/provider-docker/lib/container") as typeof import("@cdktf/provider-docker/lib/container")).Container,
);
export type DockerContainer = import("@cdktf/provider-docker/lib/container").Container;
export declare const DockerImage: typeof import("@cdktf/provider-docker/lib/image").Image;
lazyExport(exports, "DockerImage", () => (require("@cdktf/provider-docker/lib/image") as typeof import("@cdktf/provider-docker/lib/image")).Image);
export type DockerImage = import("@cdktf/provider-docker/lib/image").Image;
export declare const DockerNetwork: typeof import("@cdktf/provider-docker/lib/network").Network;
lazyExport(exports, "DockerNetwork", () => (require("@cdktf/provider-docker/lib/network") as typeof import("@cdktf/provider-docker/lib/network")).Network);
export type DockerNetwork = import("@cdktf/provider-docker/lib/network").Network;
export declare const DockerVolume: typeof import("@cdktf/provider-docker/lib/volume").Volume;
lazyExport(exports, "DockerVolume", () => (require("@cdktf/provider-docker/lib/volume") as typeof import("@cdktf/provider-docker/lib/volume")).Volume);
export type DockerVolume = import("@cdktf/provider-docker/lib/volume").Volume;
// Image pipeline (lib/constructs/image-pipeline.ts, image-promotion.ts).
export declare const DockerRegistryImage: typeof import("@cdktf/provider-docker/lib/registry-image").RegistryImage;
lazyExport(
  exports,
  "DockerRegistryImage",
  () => (require("@cdktf/provider-docker/lib/registry-image") as typeof import("@cdktf/provider-docker/lib/registry-image")).RegistryImage,
);
export type DockerRegistryImage = import("@cdktf/provider-docker/lib/registry-image").RegistryImage;
export declare const DockerTag: typeof import("@cdktf/provider-docker/lib/tag").Tag;
lazyExport(exports, "DockerTag", () => (require("@cdktf/provider-docker/lib/tag") as typeof import("@cdktf/provider-docker/lib/tag")).Tag);
export type DockerTag = import("@cdktf/provider-docker/lib/tag").Tag;
