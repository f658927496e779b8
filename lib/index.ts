// The public API of cdktf-docker-environments: explicit named exports only.

// The service model
export type {
  BindMount,
  ContainerSpec,
  DeviceMapping,
  HealthCheck,
  HostNamespace,
  Logging,
  Mount,
  NetworkAttachment,
  PortMapping,
  Resources,
  RestartPolicy,
  SecurityProfile,
  TmpfsMount,
  Ulimit,
  VolumeMount,
} from "./core/container-spec";
export type { ContainerSettings, SettingsMount, SettingsPort } from "./core/container-settings";
export { resolveContainer, CONTAINER_DEFAULTS } from "./core/resolve-container";
export { SecretRef } from "./core/secret-reference";
export type { SecretReference } from "./core/secret-reference";
export { POLICY_RULE_IDS } from "./core/policy-exception";
export type { PolicyException, PolicyRuleId } from "./core/policy-exception";
export { parseImageReference, formatImageReference } from "./core/image-reference";
export type { ImageReference } from "./core/image-reference";
export { SpecError, SpecErrors } from "./core/spec-error";
export { LINUX_CAPABILITIES } from "./core/capabilities";
export type { Capability } from "./core/capabilities";

// Renderers
export { renderDockerRunArgs } from "./render/docker-run-args";
export type { DockerRunOptions, Supervisor } from "./render/docker-run-args";
export { renderSystemdUnit, unitName } from "./render/systemd-unit";
export type { EnvironmentLayer, SystemdUnitOptions } from "./render/systemd-unit";
export { readDockerRunArgs } from "./render/read-docker-run-args";
export type { DockerRunReading } from "./render/read-docker-run-args";
export { readDockerContainerJson } from "./render/read-docker-container";
export type { DockerContainerJson } from "./render/read-docker-container";

// Policy
export { CONTAINER_RULES, checkContainerPolicy } from "./policy/container-rules";
export type { ContainerRule, PolicyContext, PolicyResult, PolicyViolation } from "./policy/container-rules";
export { ContainerPolicyAspect } from "./policy/container-policy-aspect";
export { PolicyError, validateContainer } from "./policy/validate-container";

// Constructs and environments
export { HardenedContainer } from "./constructs/hardened-container";
export type { HardenedContainerProps } from "./constructs/hardened-container";
export { LocalEnvironment } from "./environments/local-environment";
export type { LocalEnvironmentProps, LocalServiceProps } from "./environments/local-environment";

// Docker host bootstrapping (book chapter 10): one host plan, five bootstrappers, EC2 user-data packing
export { DOCKER_UBUNTU_NOBLE_REPOSITORY } from "./core/host-plan";
export type { AptRepository, EngineInstall, HostFile, HostPlan } from "./core/host-plan";
export { bootstrapSteps, PREREQUISITE_PACKAGES } from "./render/bootstrap/bootstrap-steps";
export type { BootstrapSteps, HostDirectory, RepositorySetup, RunOnceCommand } from "./render/bootstrap/bootstrap-steps";
export { BOOTSTRAP_STATE_DIRECTORY } from "./render/bootstrap/host-plan-checks";
export type { PackagePin } from "./render/bootstrap/host-plan-checks";
export { renderCloudInit } from "./render/bootstrap/cloud-init";
export type { CloudInitBootstrap, CloudInitOptions } from "./render/bootstrap/cloud-init";
export { USER_DATA_CONTENT_TYPES } from "./render/bootstrap/mime-multipart";
export type { UserDataContentType, UserDataPart } from "./render/bootstrap/mime-multipart";
export { renderAnsiblePlaybook } from "./render/bootstrap/ansible";
export type { AnsibleBootstrap, AnsibleOptions } from "./render/bootstrap/ansible";
export { renderChefRecipe } from "./render/bootstrap/chef";
export type { ChefBootstrap, ChefOptions } from "./render/bootstrap/chef";
export { renderSaltStates, SALT_PROJECT_REPOSITORY } from "./render/bootstrap/salt";
export type { SaltBootstrap, SaltOptions } from "./render/bootstrap/salt";
export { renderPuppetManifest } from "./render/bootstrap/puppet";
export type { PuppetBootstrap, PuppetOptions } from "./render/bootstrap/puppet";
export { packUserData } from "./render/bootstrap/user-data-pack";
export type { PackedUserData, PackUserDataOptions, UserDataS3Location, UserDataS3Object } from "./render/bootstrap/user-data-pack";

// AWS networking and Docker hosts
export { Network } from "./constructs/network";
export type { NetworkProps } from "./constructs/network";
export { VpcFlowLogs, LOG_RETENTION_DAYS } from "./constructs/network-flow-logs";
export type { FlowLogOptions, VpcFlowLogsProps } from "./constructs/network-flow-logs";
export { Peer, SecurityGroup } from "./constructs/security-group";
export type { Connectable, RuleOptions, RulePeerLike, SecurityGroupProps } from "./constructs/security-group";
export { DockerHost } from "./constructs/docker-host";
export type { DockerHostProps } from "./constructs/docker-host";
export type { DockerHostBootstrap } from "./constructs/docker-host-common";
export { secretReadStatements, secretResourceArn } from "./core/secret-access";
export type { PolicyStatement } from "./core/secret-access";
export { buildDockerHostPlan, engineUbuntuPackages, renderEnvironmentFile } from "./render/docker-host-plan";
export type { DockerHostPlanInput, HostEnvironmentLayer, HostService } from "./render/docker-host-plan";
export { BOOTSTRAPPERS, renderBootstrapUserData } from "./render/bootstrap/bootstrap-user-data";
export type { Bootstrapper } from "./render/bootstrap/bootstrap-user-data";
export { DockerHostTemplate } from "./constructs/docker-host-template";
export type { DockerHostTemplateProps } from "./constructs/docker-host-template";
export { SSM_MANAGED_INSTANCE_POLICY } from "./constructs/docker-host-common";
export type { DockerHostCommonProps } from "./constructs/docker-host-common";
export { Port } from "./core/security-group-port";
export type { SecurityGroupProtocol } from "./core/security-group-port";
export { resolveSecurityGroupRule } from "./core/security-group-rule";
export type { ResolvedSecurityGroupRule, RulePeer, SecurityGroupRuleInput } from "./core/security-group-rule";
export { AWS_RULES, AWS_RULE_IDS } from "./core/aws-exception";
export type { AwsException, AwsRuleId } from "./core/aws-exception";
export { checkDockerAddressSpace, cidrContains, cidrsOverlap, DOCKER_DEFAULT_ADDRESS_POOLS, formatCidr, parseCidr, tryParseCidr } from "./core/cidr";
export type { DockerAddressPool, DockerAddressSpace, IpNetwork, ParseCidrOptions } from "./core/cidr";
export { planSubnets } from "./core/subnet-plan";
export type { SubnetPlan, SubnetPlanInput } from "./core/subnet-plan";
export { EC2_USER_DATA_LIMIT_BYTES, resolveUserData } from "./core/host-user-data";
export type { HostUserData, ResolvedUserData } from "./core/host-user-data";
export {
  DEFAULT_DOCKER_VERSION,
  DOCKER_DATA_DEVICE_NAME,
  DOCKER_DATA_DEVICE_TAG,
  DOCKER_VERSION_TAG,
  UBUNTU_2404_AMD64_AMI_PARAMETER,
  resolveDockerHostSettings,
} from "./core/docker-host-settings";
export type { DockerDataVolumeOptions, DockerHostContext, DockerHostOptions, DockerHostSettings } from "./core/docker-host-settings";

// Docker daemon configuration (daemon.json) and storage drivers
export { DaemonConfig, DEFAULT_DAEMON_ULIMITS } from "./core/daemon-config";
export type { DaemonConfigProps } from "./core/daemon-config-props";
export { DAEMON_LOG_DRIVERS, DEFAULT_LOG_ROTATION } from "./core/daemon-config-checks";
export type { DaemonLogDriver } from "./core/daemon-config-checks";
export { DAEMON_RULES, DAEMON_RULE_IDS, daemonExceptionLabel } from "./core/daemon-exception";
export type { DaemonException, DaemonRuleId } from "./core/daemon-exception";
export { checkServicesAgainstDaemon } from "./core/daemon-services";
export { DOCKERD_KEYS } from "./core/dockerd-keys";
export type { DockerdKey } from "./core/dockerd-keys";
export { compareEngineVersions, engineAtLeast, parseEngineVersion } from "./core/engine-version";
export type { EngineVersion } from "./core/engine-version";
export { StorageDriver } from "./core/storage-driver";
export type { OverlayFilesystem, StorageDaemonSettings, StorageDriverName } from "./core/storage-driver";
export { DAEMON_JSON_PATH, daemonJsonFile, daemonJsonObject, renderDaemonJson } from "./render/daemon-json";

// Elastic Beanstalk (book chapter 5): typed settings, source bundles from the service model, the environment
export { BeanstalkEnvironment } from "./environments/beanstalk-environment";
export type { BeanstalkEnvironmentProps } from "./environments/beanstalk-environment-props";
export type { BundleService, ServiceDependency, StartCondition } from "./core/bundle-service";
export type {
  BeanstalkSettingsInput,
  CapacitySettings as BeanstalkCapacitySettings,
  ConfigurationUpdateSettings as BeanstalkConfigurationUpdateSettings,
  DeploymentPolicy as BeanstalkDeploymentPolicy,
  DeploymentSettings as BeanstalkDeploymentSettings,
  Justification,
  LoadBalancerHealthCheck as BeanstalkLoadBalancerHealthCheck,
  LoadBalancerSettings as BeanstalkLoadBalancerSettings,
  LogSettings as BeanstalkLogSettings,
  ManagedUpdateSettings as BeanstalkManagedUpdateSettings,
  NetworkSettings as BeanstalkNetworkSettings,
} from "./core/beanstalk-settings";
export { BEANSTALK_NAMESPACES, checkBeanstalkOptionSetting, findBeanstalkNamespace } from "./core/beanstalk-options";
export type { BeanstalkNamespace, BeanstalkOptionSetting } from "./core/beanstalk-options";
export { BEANSTALK_SOLUTION_STACKS, platformBranchOf, platformBranchOfStack } from "./core/beanstalk-platform";
export type { BeanstalkBundleFormat, BeanstalkPlatformBranch } from "./core/beanstalk-platform";
export { closestMatch, editDistance } from "./core/edit-distance";
export { BUNDLE_FORMATS, renderBeanstalkBundle } from "./render/beanstalk-bundle";
export type { BeanstalkBundle, BeanstalkBundleOptions } from "./render/beanstalk-bundle";
export type { BundleNote } from "./render/beanstalk-bundle-types";
export { BEANSTALK_LOG_RETENTION_DAYS, renderBeanstalkOptionSettings } from "./render/beanstalk-option-settings";
export type { ReferenceHandling, RenderedOptionSettings } from "./render/beanstalk-option-settings";
export { dockerrunV2AsTaskDefinition } from "./render/dockerrun-v2";
export type { DockerrunV2 } from "./render/dockerrun-v2";
export { readDockerrunV1 } from "./render/dockerrun-v1";
export { readDockerrunV2 } from "./render/read-dockerrun-v2";
export type { DockerrunV2Container } from "./render/read-dockerrun-v2";
export { readDockerCompose } from "./render/read-docker-compose";
export type { ComposeService } from "./render/read-docker-compose";
export { ECS_CAPABILITIES, ECS_LOG_DRIVERS } from "./render/ecs-container-definition";
export type { EcsContainerDefinition, EcsVolume } from "./render/ecs-container-definition";
export { secretReferenceArn } from "./render/secret-arn";
export type { ArnContext, SecretArn } from "./render/secret-arn";
export { deterministicZip } from "./render/deterministic-zip";
export { SecureBucket } from "./constructs/secure-bucket";
export type { SecureBucketProps } from "./constructs/secure-bucket";
export { BeanstalkRoles } from "./constructs/beanstalk-roles";
export type { BeanstalkRolesProps } from "./constructs/beanstalk-roles";
export { BeanstalkSourceBundle } from "./constructs/beanstalk-source-bundle";
export type { BeanstalkSourceBundleProps } from "./constructs/beanstalk-source-bundle";

// Image registry and image pipeline (issue 4): registry model and renderers, ECR, build/push/promote, save/load
export type {
  RegistryAuth,
  RegistryConfig,
  RegistryFilesystemStorage,
  RegistryHealth,
  RegistryHttp,
  RegistryLog,
  RegistryRedis,
  RegistryS3Storage,
  RegistryStorage,
  RegistryTls,
  RegistryTokenAuth,
  RegistryUploadPurging,
} from "./core/registry-config";
export { resolveRegistryConfig } from "./core/resolve-registry-config";
export type { ResolveRegistryOptions, ResolvedRegistryConfig } from "./core/resolve-registry-config";
export type { ResolvedRegistryStorage } from "./core/resolve-registry-storage";
export { checkRegistryReplicas, registrySecretVariables } from "./core/registry-replicas";
export type { RegistrySecretVariable } from "./core/registry-replicas";
export { registryTargetGroupHealthCheck } from "./core/registry-health-check";
export type { RegistryHealthCheckOptions, RegistryTargetGroupHealthCheck } from "./core/registry-health-check";
export { renderRegistryConfigYml, renderResolvedRegistryConfigYml } from "./render/registry-config-yml";
export type { RegistryConfigYmlOptions } from "./render/registry-config-yml";
export { HTPASSWD_COST, renderHtpasswd, renderHtpasswdScript } from "./render/registry-htpasswd";
export type { HtpasswdScriptOptions, HtpasswdUser, HtpasswdUserReference } from "./render/registry-htpasswd";
export { renderRegistryNginxConf } from "./render/registry-nginx-conf";
export type { RegistryNginxOptions } from "./render/registry-nginx-conf";
export { renderImageArchiveLoader } from "./render/image-archive-loader";
export type { ImageArchive, ImageArchiveLoaderOptions, RenderedImageArchiveLoader } from "./render/image-archive-loader";
export { EcrRegistry } from "./constructs/ecr-registry";
export type { EcrRegistryProps, GrantableRole } from "./constructs/ecr-registry";
export { ImagePipeline } from "./constructs/image-pipeline";
export type { ImagePipelineProps } from "./constructs/image-pipeline";
export { ImagePromotion } from "./constructs/image-promotion";
export type { ImageByDigest, ImagePromotionProps } from "./constructs/image-promotion";

// Private registry (distribution on Docker hosts): construct, load balancer, host services and maintenance.
export { PrivateRegistry } from "./constructs/private-registry";
export type { PrivateRegistryProps } from "./constructs/private-registry";
export { RegistryLoadBalancer } from "./constructs/registry-load-balancer";
export type { RegistryLoadBalancerProps, RegistryLoadBalancerTls } from "./constructs/registry-load-balancer";
export {
  DEFAULT_REDIS_IMAGE,
  DEFAULT_REGISTRY_IMAGE,
  REDIS_PASSWORD_VARIABLE,
  redisCacheHostService,
  redisEntrypointScript,
  registryHostService,
} from "./render/registry-host-services";
export type { RegistryServiceOptions } from "./render/registry-host-services";
export { REGISTRY_HOST_DIRECTORY, registryHtpasswdFiles, registryMaintenanceFiles } from "./render/registry-maintenance";
export type { RegistryMaintenanceOptions } from "./render/registry-maintenance";
export { secretEnvironmentFile } from "./render/systemd-unit";
export type { SecretEnvironmentVariable } from "./render/systemd-unit";
export type { HostPlanExtras } from "./render/docker-host-plan";

// MinimalEnvironment (issue 5, book chapters 3, 13, 14): placement, three configuration layers, in-place deploys through SSM, support services, DNS discovery
export { placeServices, PLACEMENT_STRATEGIES, formatMiB } from "./core/placement";
export type { Placement, PlacementHost, PlacementRequest, PlacementStrategy } from "./core/placement";
export { instanceTypeCapacity, KNOWN_INSTANCE_TYPES } from "./core/instance-capacity";
export { placementHost, parseResourceAmount } from "./core/host-capacity";
export type { HostCapacityInput, ResourceAmount } from "./core/host-capacity";
export { assignHostAddresses } from "./core/host-addressing";
export type { HostAddress, HostAddressRequest } from "./core/host-addressing";
export { checkConfigurationLayer, CONFIGURATION_LAYERS, effectiveEnvironment } from "./core/configuration-layers";
export type { ConfigurationLayerName, EffectiveVariable, LayeredConfiguration } from "./core/configuration-layers";
export { resolveReleaseHistory } from "./core/release-history";
export type { ReleaseHistory, ReleaseHistoryInput } from "./core/release-history";
export type { SupportService, SupportServiceDefinition, SupportServiceFile, SupportServiceHost } from "./core/support-service";
export { FLUENT_BIT_IMAGE, NODE_EXPORTER_IMAGE, SUPPORT_CONFIG_DIRECTORY, SupportServices } from "./render/support-services";
export type { FluentBitOptions, NodeExporterOptions } from "./render/support-services";
export { renderFluentBitConfig } from "./render/fluent-bit-config";
export { CONSUL_IMAGE, ConsulSupport, REGISTRATOR_IMAGE, renderConsulConfig } from "./render/consul-support";
export type { ConsulOptions, RegistratorOptions } from "./render/consul-support";
export type { FluentBitConfigInput } from "./render/fluent-bit-config";
export { DEPLOY_STATE_DIRECTORY, HOST_NAME_FILE, renderDeployScript } from "./render/deploy-script";
export { renderServiceDeployment, SSM_DOCUMENT_CONTENT_LIMIT } from "./render/ssm-deploy-document";
export type { DeployFile, RenderedDeployment, ServiceDeploymentInput } from "./render/ssm-deploy-document";
export { buildMinimalHostPlan } from "./render/minimal-host-plan";
export type { MinimalHostPlanInput } from "./render/minimal-host-plan";
export { configurationDirectory, renderServiceOnHost } from "./render/minimal-service-files";
export type { ResolvedPrivatePort, ServiceOnHost, ServiceOnHostInput } from "./render/minimal-service-files";
export { planServices } from "./render/minimal-environment-plan";
export type { PlannedService, ServicesPlanInput } from "./render/minimal-environment-plan";
export { ServiceDeployment } from "./constructs/service-deployment";
export type { ServiceDeploymentProps } from "./constructs/service-deployment";
export { ServiceDnsRecords } from "./constructs/service-dns-records";
export type { ServiceDnsRecordsProps } from "./constructs/service-dns-records";
export { ContainerLogGroup } from "./constructs/container-log-group";
export type { ContainerLogGroupProps } from "./constructs/container-log-group";
export { MinimalEnvironment } from "./environments/minimal-environment";
export type { MinimalEnvironmentHost } from "./environments/minimal-environment";
export { placeEnvironmentServices } from "./environments/minimal-placement";
export type { EnvironmentPlacementInput } from "./environments/minimal-placement";
export type {
  DeployOptions,
  MinimalEnvironmentProps,
  MinimalHostProps,
  MinimalServiceProps,
  MinimalServiceSpec,
  PrivatePort,
} from "./environments/minimal-environment-props";

// Test helpers for users' CI (issue 8): effective service settings, Beanstalk settings, policy checks, stable snapshots; topology diagrams
export {
  assertBeanstalkSetting,
  assertPolicyPasses,
  assertServiceSettings,
  beanstalkSetting,
  beanstalkSettings,
  checkStackPolicy,
  deployedUnits,
  effectiveServiceSettings,
  plannedHosts,
  renderedLayerEnvironment,
  serviceDockerRun,
  serviceUnit,
  stableSnapshot,
  synthesizedJson,
} from "./testing";
export type {
  DeployedUnit,
  LayeredEnvironment,
  PlannedHost,
  PolicyReport,
  StableSnapshotOptions,
  SynthesizedBeanstalkSetting,
  SynthesizedInput,
  SynthesizedStack,
} from "./testing";
export { readTopology } from "./diagram/topology";
export type { Topology, TopologyEdge, TopologyKind, TopologyNetwork, TopologyNode } from "./diagram/topology";
export { topologyToDot } from "./diagram/topology-dot";

// WebEnvironment (issue 6): load balancer, auto-scaled fleet, health-gated instance-refresh deploys with automatic rollback, release history, data volume, logs, alarms, dashboard
export { resolveReleases } from "./core/web-release";
export type { ResolvedReleases, WebRelease } from "./core/web-release";
export { resolveFleetSettings } from "./core/web-fleet-settings";
export type { FleetCapacity, FleetDeployment, FleetScaling, FleetSettings } from "./core/web-fleet-settings";
export { DEFAULT_SSL_POLICY, resolveWebLoadBalancerSettings } from "./core/web-load-balancer-settings";
export type { TargetHealthCheck, WebLoadBalancerOptions, WebLoadBalancerSettings } from "./core/web-load-balancer-settings";
export { resolveWebMonitoring } from "./core/web-monitoring-settings";
export type { ResolvedThresholds, WebAlarmThresholds, WebMonitoringOptions } from "./core/web-monitoring-settings";
export { AGENT_MEMORY_METRIC, awslogsOptions, CLOUDWATCH_AGENT_NAMESPACE, cloudWatchAgentConfig, cloudWatchAgentService } from "./render/cloudwatch-agent";
export type { CloudWatchAgentOptions } from "./render/cloudwatch-agent";
export { buildWebHostPlan, dataVolumePreparation, WEB_DATA_DEVICE_NAME, webContainerSpec } from "./render/web-host-plan";
export type { WebDataVolumeMount, WebHostPlanInput, WebServiceSpec } from "./render/web-host-plan";
export { ELB_LOG_DELIVERY_ACCOUNTS, LoadBalancerLogBucket } from "./constructs/load-balancer-log-bucket";
export type { LoadBalancerLogBucketProps } from "./constructs/load-balancer-log-bucket";
export { ServiceLogGroups } from "./constructs/service-log-groups";
export type { ServiceLogGroupsProps } from "./constructs/service-log-groups";
export { WebLoadBalancer } from "./constructs/web-load-balancer";
export type { WebLoadBalancerProps } from "./constructs/web-load-balancer";
export { GROUP_METRICS, WebFleet } from "./constructs/web-fleet";
export type { HostDataVolumeOptions, WebFleetProps } from "./constructs/web-fleet";
export { WebAlarms } from "./constructs/web-alarms";
export type { WebAlarmsProps } from "./constructs/web-alarms";
export { WebDashboard } from "./constructs/web-dashboard";
export type { WebDashboardProps } from "./constructs/web-dashboard";
export { RELEASE_TAG, WebEnvironment } from "./environments/web-environment";
export type { WebDataVolume, WebEnvironmentProps } from "./environments/web-environment-props";
