import { Annotations, Fn, Token } from "cdktf";
import { Construct } from "constructs";
import type { BeanstalkBundleFormat } from "../core/beanstalk-platform";
import { BEANSTALK_SOLUTION_STACKS, platformBranchOf, platformBranchOfStack } from "../core/beanstalk-platform";
import { SpecError } from "../core/spec-error";
import { BeanstalkRoles } from "../constructs/beanstalk-roles";
import { BeanstalkSourceBundle } from "../constructs/beanstalk-source-bundle";
import { SecureBucket } from "../constructs/secure-bucket";
import type { BeanstalkBundle } from "../render/beanstalk-bundle";
import { renderBeanstalkBundle } from "../render/beanstalk-bundle";
import type { RenderedOptionSettings } from "../render/beanstalk-option-settings";
import { escapeTerraformTemplate } from "../render/terraform-template-escape";
import { renderBeanstalkOptionSettings } from "../render/beanstalk-option-settings";
import {
  DataAwsCallerIdentity,
  DataAwsLbListener,
  DataAwsPartition,
  DataAwsRegion,
  ElasticBeanstalkApplication,
  ElasticBeanstalkApplicationVersion,
  ElasticBeanstalkEnvironment,
  LbListenerRule,
} from "../providers/aws";
import type { BeanstalkEnvironmentProps } from "./beanstalk-environment-props";

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * An Elastic Beanstalk application and web server environment on the Docker (compose, Dockerrun v1)
 * or ECS (Dockerrun v2) platform of Amazon Linux 2023, from the shared service model, secure by default:
 * the bundle in a KMS-encrypted, versioned, private bucket; immutable deployments; an application load
 * balancer with HTTPS only (TLS 1.2+, HTTP redirected); enhanced health; log and health streaming;
 * managed platform updates; IMDSv2 only; least-privilege roles; secrets by ARN. Every option is typed;
 * raw settings are checked against the documented namespaces.
 */
export class BeanstalkEnvironment extends Construct {
  public readonly application: ElasticBeanstalkApplication;
  public readonly applicationVersion: ElasticBeanstalkApplicationVersion;
  public readonly environment: ElasticBeanstalkEnvironment;
  public readonly roles: BeanstalkRoles;
  public readonly bundleBucket: SecureBucket;
  public readonly sourceBundle: BeanstalkSourceBundle;
  /** The rendered bundle: file, notes, settings. */
  public readonly bundle: BeanstalkBundle;
  /** The option settings given to the environment. */
  public readonly optionSettings: RenderedOptionSettings;
  /** The port 80 rule that redirects to HTTPS (when `loadBalancer.http` is `redirect`). */
  public readonly httpRedirect?: LbListenerRule;

  constructor(scope: Construct, id: string, props: BeanstalkEnvironmentProps) {
    super(scope, id);
    const where = this.node.path;
    const format: BeanstalkBundleFormat = props.bundleFormat ?? "compose";
    const applicationName = props.applicationName ?? id;
    if (!/^[^/\s][^/]{0,99}$/.test(applicationName))
      throw new SpecError(where, "applicationName", applicationName, "not 1-100 characters without '/'", 'use e.g. "shop"');
    const environmentName =
      props.environmentName ??
      `${applicationName
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .slice(0, 36)}-env`;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9-]{2,38}[a-zA-Z0-9]$/.test(environmentName)) {
      throw new SpecError(where, "environmentName", environmentName, "not 4-40 letters, digits and '-' (not at the ends)", 'use e.g. "shop-prod"');
    }
    const branch = platformBranchOf(format);
    if (props.solutionStackName !== undefined && props.platformArn !== undefined) {
      throw new SpecError(where, "platformArn", props.platformArn, "solutionStackName and platformArn are both set", "set one of them");
    }
    const stack = props.platformArn ?? props.solutionStackName ?? BEANSTALK_SOLUTION_STACKS[branch];
    if (!Token.isUnresolved(stack) && platformBranchOfStack(stack) !== branch) {
      throw new SpecError(
        where,
        props.platformArn !== undefined ? "platformArn" : "solutionStackName",
        stack,
        `the ${format} bundle needs the ${branch === "ecs" ? "ECS" : "Docker"} platform branch`,
        `use e.g. "${BEANSTALK_SOLUTION_STACKS[branch]}", or another bundleFormat`,
      );
    }
    const keepVersions = props.keepVersions ?? 20;
    if (!Number.isInteger(keepVersions) || keepVersions < 1 || keepVersions > 1000) {
      throw new SpecError(where, "keepVersions", props.keepVersions, "not a whole number from 1 to 1000", "use e.g. 20");
    }

    const partition = new DataAwsPartition(this, "partition").partition;
    const needsAccount = (props.services ?? []).some((s) =>
      Object.values(s?.secrets ?? {}).some((r) => r?.kind === "ssm-parameter" && !String(r.name).startsWith("arn:")),
    );
    const arnContext = needsAccount
      ? { partition, region: new DataAwsRegion(this, "region").name, accountId: new DataAwsCallerIdentity(this, "account").accountId }
      : undefined;
    const hasSecrets = (props.services ?? []).some((s) => Object.keys(s?.secrets ?? {}).length > 0);
    this.roles = new BeanstalkRoles(this, "roles", { namePrefix: environmentName, platform: branch, partition, executionRole: branch === "ecs" && hasSecrets });

    this.bundle = renderBeanstalkBundle(props.services, {
      format,
      where,
      policy: props.policy ?? { requirePinnedImages: true },
      arnContext,
      executionRoleArn: this.roles.executionRole?.arn,
    });
    for (const note of this.bundle.notes) Annotations.of(this).addWarning(`${note.service}: ${note.setting}: ${note.detail}`);
    if (this.bundle.secretArns.length) this.roles.grantSecretRead(this.bundle.secretArns, props.secretKmsKeyArns ?? []);
    const repositories = [
      ...new Set(
        this.bundle.settings.flatMap((s) => {
          const m = ECR_IMAGE.exec(s.image);
          return m ? [`arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`] : [];
        }),
      ),
      ...(props.ecrRepositoryArns ?? []),
    ];
    if (repositories.length) this.roles.grantEcrPull(repositories);

    this.bundleBucket = props.bundleBucket ?? new SecureBucket(this, "bundles", { purpose: "beanstalk-bundles", tags: props.tags });
    const bundleName = applicationName.replace(/[^\w.-]/g, "-");
    const bundleGrants = [
      this.bundleBucket.grantRead(this.roles.instanceRole.name, `bundles/${bundleName}/`),
      this.bundleBucket.grantRead(this.roles.serviceRole.name, `bundles/${bundleName}/`),
    ];
    this.sourceBundle = new BeanstalkSourceBundle(this, "source-bundle", {
      bucket: this.bundleBucket,
      files: { [this.bundle.fileName]: this.bundle.content },
      name: bundleName,
    });

    const tags = props.tags ?? {};
    this.application = new ElasticBeanstalkApplication(this, "application", {
      name: applicationName,
      description: `${this.bundle.settings.map((s) => s.name).join(", ")} (${format})`,
      appversionLifecycle: { serviceRole: this.roles.serviceRole.arn, maxCount: keepVersions, deleteSourceFromS3: false },
      tags,
    });
    const exceptionTags = Object.fromEntries(
      this.bundle.excused.map((e) => [
        `cdktf-docker-environments:exception:${e.service}:${e.rule.toLowerCase()}`,
        escapeTerraformTemplate(e.reason.slice(0, 256)),
      ]),
    );
    this.applicationVersion = new ElasticBeanstalkApplicationVersion(this, "version", {
      name: this.sourceBundle.versionLabel,
      application: this.application.name,
      bucket: this.bundleBucket.bucket.id,
      key: this.sourceBundle.key,
      description: `${format} bundle (${this.sourceBundle.packaging})`,
      tags: { ...tags, ...exceptionTags },
      dependsOn: [this.sourceBundle.object],
      lifecycle: { createBeforeDestroy: true },
    });

    this.optionSettings = renderBeanstalkOptionSettings(
      {
        deployment: props.deployment,
        configurationUpdates: props.configurationUpdates,
        capacity: props.capacity,
        loadBalancer: props.loadBalancer,
        network: props.network,
        logs: props.logs,
        managedUpdates: props.managedUpdates,
        // Names (known at plan time) rather than ARNs: Beanstalk accepts both.
        instanceProfile: this.roles.instanceProfile.name,
        serviceRole: this.roles.serviceRole.name,
        applicationPort: this.bundle.applicationPort,
        // Compose publishes the port the load balancer reaches itself; no nginx in between.
        proxyServer: format === "compose" ? "none" : undefined,
        environmentProperties: this.bundle.environmentProperties,
        environmentSecrets: this.bundle.environmentSecrets,
        rawSettings: props.rawSettings,
      },
      where,
      { isUnresolved: (value) => Token.isUnresolved(value), joinList: (values) => Fn.join(",", values) },
    );
    const optionTags = Object.fromEntries(
      Object.entries(this.optionSettings.exceptions).map(([k, v]) => [`cdktf-docker-environments:${k}`, escapeTerraformTemplate(v.slice(0, 256))]),
    );
    this.environment = new ElasticBeanstalkEnvironment(this, "environment", {
      name: environmentName,
      application: this.application.name,
      tier: "WebServer",
      ...(props.platformArn !== undefined ? { platformArn: props.platformArn } : { solutionStackName: stack }),
      versionLabel: this.applicationVersion.name,
      setting: this.optionSettings.settings.map((s) => ({
        namespace: s.namespace,
        name: s.name,
        value: escapeTerraformTemplate(s.value),
        ...(s.resource ? { resource: escapeTerraformTemplate(s.resource) } : {}),
      })),
      waitForReadyTimeout: "30m",
      ...(Object.keys({ ...tags, ...optionTags }).length ? { tags: { ...tags, ...optionTags } } : {}),
      dependsOn: [...this.roles.grants, ...bundleGrants, this.roles.instanceProfile],
    });

    if ((props.loadBalancer?.http ?? "redirect") === "redirect") {
      const httpListener = new DataAwsLbListener(this, "http-listener", { loadBalancerArn: Fn.element(this.environment.loadBalancers, 0), port: 80 });
      this.httpRedirect = new LbListenerRule(this, "http-to-https", {
        listenerArn: httpListener.arn,
        priority: 1,
        action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        condition: [{ pathPattern: { values: ["/*"] } }],
        tags,
      });
    }
  }
}
