import { Construct } from "constructs";
import { SsmAssociation, SsmDocument } from "../providers/aws";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";

export interface ServiceDeploymentProps {
  /** The SSM document's name (account-unique): letters, digits, `_`, `-`, `.`. */
  readonly documentName: string;
  /** The document's content (lib/render/ssm-deploy-document.ts). */
  readonly content: string;
  /** Every host of the environment: the hosts that run the service deploy it, the others retire it. */
  readonly instanceIds: string[];
  /** Seconds `terraform apply` waits for the deploy to succeed on every host (it fails when a host fails). */
  readonly waitForSuccessTimeoutSeconds: number;
  /** A State Manager schedule that repeats the deploy (drift repair). @default none: it runs when it changes */
  readonly scheduleExpression?: string;
  readonly tags: Record<string, string>;
}

/**
 * One service's in-place deploy through SSM State Manager: a Command document carrying the
 * rendered files and the deploy script, and an association that runs it on the environment's
 * instances one at a time (`max_concurrency = 1`) and stops at the first failure
 * (`max_errors = 0`). A changed document is a new version; the association points at the latest
 * version, so the change updates the association and State Manager applies it at once
 * (`apply_only_at_cron_interval = false`). The instances themselves are not touched.
 */
export class ServiceDeployment extends Construct {
  public readonly document: SsmDocument;
  public readonly association: SsmAssociation;

  constructor(scope: Construct, id: string, props: ServiceDeploymentProps) {
    super(scope, id);
    this.document = new SsmDocument(this, "document", {
      name: props.documentName,
      documentType: "Command",
      documentFormat: "JSON",
      targetType: "/AWS::EC2::Instance",
      // The content is JSON text: Terraform must not read "${" or "%{" in it as template syntax.
      content: escapeTerraformTemplate(props.content),
      tags: props.tags,
    });
    this.association = new SsmAssociation(this, "association", {
      name: this.document.name,
      associationName: props.documentName,
      documentVersion: this.document.latestVersion,
      targets: [{ key: "InstanceIds", values: props.instanceIds }],
      maxConcurrency: "1",
      maxErrors: "0",
      applyOnlyAtCronInterval: false,
      scheduleExpression: props.scheduleExpression,
      complianceSeverity: "HIGH",
      waitForSuccessTimeoutSeconds: props.waitForSuccessTimeoutSeconds,
      tags: props.tags,
    });
  }
}
