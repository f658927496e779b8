import { Token } from "cdktf";
import { Construct } from "constructs";
import type { RegistryConfig, RegistryTokenAuth } from "../core/registry-config";
import { checkRegistryReplicas } from "../core/registry-replicas";
import { resolveRegistryConfig } from "../core/resolve-registry-config";
import type { ResolvedRegistryConfig } from "../core/resolve-registry-config";
import { secretReadStatements } from "../core/secret-access";
import type { SecretReference } from "../core/secret-reference";
import { Port } from "../core/security-group-port";
import type { DockerHostOptions } from "../core/docker-host-settings";
import { IamRolePolicy } from "../providers/aws";
import { renderResolvedRegistryConfigYml } from "../render/registry-config-yml";
import { renderHtpasswdScript } from "../render/registry-htpasswd";
import type { HtpasswdUserReference } from "../render/registry-htpasswd";
import {
  DEFAULT_REDIS_IMAGE,
  DEFAULT_REGISTRY_IMAGE,
  REGISTRY_DEBUG_ADDR,
  REGISTRY_UID,
  redisCacheHostService,
  registryHostService,
} from "../render/registry-host-services";
import { REGISTRY_HOST_DIRECTORY, registryHtpasswdFiles, registryMaintenanceFiles } from "../render/registry-maintenance";
import type { HostFile } from "../core/host-plan";
import { awsAccountId, awsPartition, awsRegion } from "./aws-context";
import { DockerHost } from "./docker-host";
import { checkPrivateRegistryChoices } from "./private-registry-choices";
import type { Network } from "./network";
import { Peer } from "./security-group";
import { RegistryLoadBalancer } from "./registry-load-balancer";
import type { RegistryLoadBalancerTls } from "./registry-load-balancer";
import { SecureBucket } from "./secure-bucket";
import { jsonWithReferences } from "./json-with-references";

export interface PrivateRegistryProps {
  readonly network: Network;
  /**
   * `s3` (a SecureBucket; given or created) or `filesystem` (a named volume on the host's encrypted Docker data volume; one replica).
   * @default { s3: {} } (a new SecureBucket)
   */
  readonly storage?: { readonly s3: { readonly bucket?: SecureBucket } } | { readonly filesystem: Record<string, never> };
  /** TLS at an application load balancer (ACM certificate), or certificate files already on the host (one replica, no load balancer). */
  readonly tls: { readonly loadBalancer: RegistryLoadBalancerTls } | { readonly hostFiles: { readonly certificate: string; readonly key: string } };
  /** htpasswd users (passwords by reference, hashed on the host with bcrypt) or a token service. */
  readonly auth: { readonly htpasswd: { readonly users: HtpasswdUserReference[]; readonly cost?: number } } | { readonly token: RegistryTokenAuth };
  /** The secret that signs upload state, shared by every replica (`REGISTRY_HTTP_SECRET`, set at start from the reference). */
  readonly httpSecret: SecretReference;
  /**
   * The password of the Redis blob-descriptor cache (several replicas only): Redis requires it
   * (`requirepass`, handed over on stdin) and every replica sends it (`REGISTRY_REDIS_PASSWORD`);
   * both are set at start from this reference. Required when there is more than one replica.
   * @default none (one replica: no Redis)
   */
  readonly redisPassword?: SecretReference;
  /** Docker hosts running a replica each, spread over the network's zones. @default 2 (S3), 1 (filesystem) */
  readonly replicas?: number;
  /** Scheduled garbage collection in read-only mode; `false` turns it off. @default { schedule: "Sun *-*-* 03:00:00", windowMinutes: 30 } */
  readonly garbageCollection?: false | { readonly schedule?: string; readonly windowMinutes?: number };
  /** The registry image, pinned by digest. @default DEFAULT_REGISTRY_IMAGE (distribution 2.8.3) */
  readonly image?: string;
  /** The Redis image of the blob-descriptor cache (on the first replica's host, when there are several replicas). @default DEFAULT_REDIS_IMAGE */
  readonly redisImage?: string;
  /** The public https URL, e.g. `https://registry.example.com` (Location headers). @default derived from each request */
  readonly publicUrl?: string;
  /** Host settings of every replica (instance type, engine version, AMI...). IMDS hop limit 2 is set: the registry container signs S3 requests with the instance role. @default {} */
  readonly hosts?: Omit<DockerHostOptions, "instanceMetadataHopLimit">;
}

const REGISTRY_PORT = 5000;
const REDIS_PORT = 6379;

/**
 * The CNCF distribution registry as hardened containers on Docker hosts: S3 storage through the
 * instance role (no keys) or a named volume on the encrypted data volume, TLS at an ALB or from
 * host files, htpasswd (bcrypt, built on the host from secret references) or token auth, replicas
 * sharing config.yml, http.secret and a Redis blob-descriptor cache, and scheduled garbage
 * collection in read-only mode.
 */
export class PrivateRegistry extends Construct {
  public readonly config: ResolvedRegistryConfig;
  /** The serving config.yml every replica gets (no secrets). */
  public readonly configYml: string;
  public readonly readOnlyConfigYml: string;
  public readonly bucket?: SecureBucket;
  public readonly hosts: DockerHost[] = [];
  public readonly loadBalancer?: RegistryLoadBalancer;

  constructor(scope: Construct, id: string, props: PrivateRegistryProps) {
    super(scope, id);
    const where = this.node.path;
    const { isS3, atLoadBalancer, replicas } = checkPrivateRegistryChoices(props, where);
    const storage = props.storage ?? { s3: {} };
    if (isS3) this.bucket = (storage as { s3: { bucket?: SecureBucket } }).s3.bucket ?? new SecureBucket(this, "storage", { purpose: "registry-storage" });
    const htpasswd = "htpasswd" in props.auth ? props.auth.htpasswd : undefined;
    const zoneName = props.network.privateZone.name;
    const config: RegistryConfig = {
      storage: {
        ...(this.bucket ? { s3: { region: awsRegion(this), bucket: this.bucket.bucket.bucket, keyId: this.bucket.key.arn } } : { filesystem: {} }),
        deleteEnabled: true,
        cache: replicas > 1 ? "redis" : "inmemory",
      },
      http: {
        addr: `:${REGISTRY_PORT}`,
        ...(props.publicUrl ? { host: props.publicUrl } : {}),
        secret: props.httpSecret,
        ...(atLoadBalancer
          ? { plainHttpBehindProxy: { reason: "the application load balancer terminates TLS (ACM certificate) and is the registry's only client" } }
          : { tls: { certificate: "/etc/docker/registry/tls/server.crt", key: "/etc/docker/registry/tls/server.key" } }),
        debug: { addr: REGISTRY_DEBUG_ADDR },
      },
      auth: htpasswd ? { htpasswd: { path: "/etc/docker/registry/htpasswd" } } : { token: (props.auth as { token: RegistryTokenAuth }).token },
      ...(replicas > 1 ? { redis: { addr: `registry-0.${zoneName}:${REDIS_PORT}`, password: props.redisPassword } } : {}),
    };
    const isUnresolved = (value: string) => Token.isUnresolved(value);
    this.config = resolveRegistryConfig(config, where, { isUnresolved });
    checkRegistryReplicas(this.config, replicas, where);
    this.configYml = renderResolvedRegistryConfigYml(this.config);
    this.readOnlyConfigYml = renderResolvedRegistryConfigYml(
      resolveRegistryConfig({ ...config, storage: { ...config.storage, readOnly: true } }, where, { isUnresolved }),
    );

    const configPath = `${REGISTRY_HOST_DIRECTORY}/config.yml`;
    const htpasswdPath = `${REGISTRY_HOST_DIRECTORY}/htpasswd`;
    const files: HostFile[] = [
      { path: configPath, content: this.configYml, mode: "0644", owner: "root", group: "root" },
      { path: `${REGISTRY_HOST_DIRECTORY}/config-readonly.yml`, content: this.readOnlyConfigYml, mode: "0644", owner: "root", group: "root" },
    ];
    if (htpasswd) {
      const script = renderHtpasswdScript(htpasswd.users, { path: htpasswdPath, cost: htpasswd.cost, uid: REGISTRY_UID, gid: REGISTRY_UID, where });
      files.push(...registryHtpasswdFiles("registry", script));
    }
    if (!isS3) files.push(...filesystemVolumeDropIn());
    const gc = props.garbageCollection === false ? undefined : { schedule: "Sun *-*-* 03:00:00", windowMinutes: 30, ...(props.garbageCollection ?? {}) };
    const registry = registryHostService(this.config, {
      image: props.image ?? DEFAULT_REGISTRY_IMAGE,
      configPath,
      htpasswdPath: htpasswd ? htpasswdPath : undefined,
      tlsFiles: atLoadBalancer ? undefined : (props.tls as { hostFiles: { certificate: string; key: string } }).hostFiles,
      dataVolume: isS3 ? undefined : "registry-data",
      port: REGISTRY_PORT,
      memory: "512m",
    });

    this.loadBalancer = atLoadBalancer
      ? new RegistryLoadBalancer(this, "load-balancer", {
          network: props.network,
          port: REGISTRY_PORT,
          tls: (props.tls as { loadBalancer: RegistryLoadBalancerTls }).loadBalancer,
        })
      : undefined;
    const zones = props.network.privateSubnets.length;
    for (let i = 0; i < replicas; i++) {
      const maintenance = gc
        ? registryMaintenanceFiles({
            service: "registry",
            config: configPath,
            readOnlyConfig: `${REGISTRY_HOST_DIRECTORY}/config-readonly.yml`,
            schedule: gc.schedule,
            role: i === 0 ? "collector" : "follower",
            windowSeconds: gc.windowMinutes * 60,
            drainSeconds: 120,
            where,
          })
        : [];
      const withRedis = i === 0 && replicas > 1;
      const host = new DockerHost(this, `replica-${i}`, {
        ...(props.hosts ?? {}),
        network: props.network,
        zoneIndex: i % zones,
        dnsName: `registry-${i}`,
        instanceMetadataHopLimit: 2,
        exceptions: [
          ...(props.hosts?.exceptions ?? []),
          { rule: "IMDS-HOP-LIMIT-2", reason: "the registry container signs S3 requests with the instance role - no static keys" },
        ],
        bootstrap: {
          services: [...(withRedis ? [redisCacheHostService(props.redisImage ?? DEFAULT_REDIS_IMAGE, REDIS_PORT, props.redisPassword!)] : []), registry],
          policy: { requirePinnedImages: true },
          extras: {
            packages: htpasswd ? ["apache2-utils"] : [],
            files: [...files, ...maintenance],
            units: gc ? ["registry-gc.timer"] : [],
            fetchesSecrets: htpasswd !== undefined,
          },
        },
      });
      this.hosts.push(host);
      this.loadBalancer?.addTarget(host, i);
      if (!atLoadBalancer) host.securityGroup.allowFrom(Peer.ipv4(props.network.cidr), Port.tcp(REGISTRY_PORT), "Registry (TLS) from the VPC");
      this.grantHost(host, htpasswd?.users ?? [], i);
    }
    if (replicas > 1) {
      for (const host of this.hosts.slice(1))
        this.hosts[0].securityGroup.allowFrom(host, Port.tcp(REDIS_PORT), "Redis blob-descriptor cache (password required) from the registry replicas");
      this.hosts[0].securityGroup.allowFrom(
        this.hosts[0],
        Port.tcp(REDIS_PORT),
        "Redis blob-descriptor cache (password required) from the registry on this host",
      );
    }
  }

  /** S3 and KMS access exactly as distribution's S3 driver needs it, and read access to the htpasswd users' passwords. */
  private grantHost(host: DockerHost, users: HtpasswdUserReference[], index: number): void {
    const statements: unknown[] = [];
    if (this.bucket) {
      const b = this.bucket;
      statements.push(
        {
          Sid: "RegistryBucket",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
          Resource: [b.bucket.arn],
        },
        {
          Sid: "RegistryObjects",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
          Resource: [`${b.bucket.arn}/*`],
        },
        { Sid: "RegistryBucketKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [b.key.arn] },
      );
    }
    statements.push(
      ...secretReadStatements(
        users.map((u) => u.password),
        { partition: awsPartition(this), region: awsRegion(this), accountId: awsAccountId(this) },
      ).map((s) => ({ ...s, Sid: `Htpasswd${s.Sid}` })),
    );
    if (statements.length === 0) return;
    new IamRolePolicy(this, `replica-${index}-registry-access`, {
      role: host.role.name,
      name: "registry-storage-and-users",
      policy: jsonWithReferences({ Version: "2012-10-17", Statement: statements }),
    });
  }
}

/** Filesystem storage: the named volume on the data volume, owned by the registry's user before each start. */
function filesystemVolumeDropIn(): HostFile[] {
  const script =
    'docker volume create registry-data >/dev/null && install -d -o 65534 -g 65534 -m 0750 "$$(docker volume inspect --format "{{.Mountpoint}}" registry-data)"';
  return [
    {
      path: "/etc/systemd/system/registry.service.d/data-volume.conf",
      content: `[Service]\nExecStartPre=/bin/sh -c '${script}'\n`,
      mode: "0644",
      owner: "root",
      group: "root",
    },
  ];
}
