import type { HostPlan } from "../../core/host-plan";
import { SpecError } from "../../core/spec-error";
import { renderAnsiblePlaybook } from "./ansible";
import { renderChefRecipe } from "./chef";
import { renderCloudInit } from "./cloud-init";
import { renderPuppetManifest } from "./puppet";
import { renderSaltStates } from "./salt";
import { packUserData } from "./user-data-pack";
import type { PackedUserData, UserDataS3Location } from "./user-data-pack";

/** The configuration-management tool that bootstraps a host (book chapter 10). */
export type Bootstrapper = "cloud-init" | "ansible" | "chef" | "salt" | "puppet";

export const BOOTSTRAPPERS: readonly Bootstrapper[] = ["cloud-init", "ansible", "chef", "salt", "puppet"];

/**
 * Renders a host plan with the chosen bootstrapper and packs it for EC2: plain when it fits in
 * 16 KB, gzip-compressed otherwise, or behind an S3 fetch stub when `s3` is given and even gzip is too large.
 */
export function renderBootstrapUserData(plan: HostPlan, bootstrapper: Bootstrapper, where: string, s3?: UserDataS3Location): PackedUserData {
  let text: string;
  switch (bootstrapper) {
    case "cloud-init":
      text = renderCloudInit(plan, { where }).userData;
      break;
    case "ansible":
      text = renderAnsiblePlaybook(plan, { where }).userData;
      break;
    case "chef":
      text = renderChefRecipe(plan, { where }).userData;
      break;
    case "salt":
      text = renderSaltStates(plan, { where }).userData;
      break;
    case "puppet":
      text = renderPuppetManifest(plan, { where }).userData;
      break;
    default:
      throw new SpecError(where, "bootstrapper", bootstrapper, "not a bootstrapper", `use one of ${BOOTSTRAPPERS.join(", ")}`);
  }
  return packUserData(text, { where, s3 });
}
