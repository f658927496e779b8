import { SpecErrors } from "../core/spec-error";

export interface RegistryNginxOptions {
  /** The registry replicas, `host:port` each (they share storage, http.secret and the cache). */
  readonly replicas: readonly string[];
  /** The name clients use, e.g. `registry.example.com` (or an IP address). */
  readonly serverName: string;
  /** TLS termination: certificate (chain) and key files on the nginx host. */
  readonly tls: { readonly certificate: string; readonly key: string };
  /** Where nginx listens: a port, or `address:port`. @default "443" */
  readonly listen?: string;
  /** nginx answers this path from a replica's `/` (200 while its storage is healthy). @default "/healthz" */
  readonly healthPath?: string;
  /** Seconds a replica may take to answer (large layer downloads). @default 900 */
  readonly proxyReadTimeoutSeconds?: number;
  /** Failed attempts before a replica is skipped for failTimeoutSeconds (passive health checks). @default 3 */
  readonly maxFails?: number;
  /** @default 10 */
  readonly failTimeoutSeconds?: number;
  /** The user worker processes run as; omit the directive with null (nginx not started as root). @default "www-data" */
  readonly user?: string | null;
  /** @default "/run/nginx.pid" */
  readonly pidFile?: string;
  /** @default "/var/log/nginx/error.log" */
  readonly errorLog?: string;
  /** @default "/var/log/nginx/registry-access.log" */
  readonly accessLog?: string;
  /** A directory for nginx's temporary files (client bodies, proxied responses). @default nginx's compiled-in paths */
  readonly tempDirectory?: string;
  /** For error messages. @default "registry-nginx" */
  readonly where?: string;
}

const FILE_PATH = /^\/[\w./-]+$/;
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;
const SERVER_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9a-fA-F:]+\])$/;

/**
 * Renders a complete nginx.conf that terminates TLS and balances N distribution registry
 * replicas (the layout of distribution's nginx recipe): uploads of any size streamed through
 * (`client_max_body_size 0`, `chunked_transfer_encoding on`, no request buffering), the Host,
 * X-Real-IP, X-Forwarded-For and X-Forwarded-Proto headers the registry builds its upload URLs
 * from, `proxy_read_timeout 900`, `Docker-Distribution-Api-Version: registry/2.0` added only
 * when a response lacks it, passive health checks, and a health location.
 */
export function renderRegistryNginxConf(options: RegistryNginxOptions): string {
  const where = options.where ?? "registry-nginx";
  const errors = new SpecErrors(where);
  const replicas = Array.isArray(options.replicas) ? options.replicas : [];
  if (replicas.length === 0) errors.add("replicas", options.replicas, "nginx needs at least one registry replica", 'pass ["10.0.1.10:5000", "10.0.2.10:5000"]');
  replicas.forEach((replica, i) => {
    const match = typeof replica === "string" ? HOST_PORT.exec(replica) : null;
    if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) errors.add(`replicas[${i}]`, replica, "not a host:port", 'use e.g. "10.0.1.10:5000"');
    else if (replicas.indexOf(replica) !== i) errors.add(`replicas[${i}]`, replica, "the replica is listed twice", "list each replica once");
  });
  if (typeof options.serverName !== "string" || !SERVER_NAME.test(options.serverName)) {
    errors.add("serverName", options.serverName, "not a host name or address", 'use e.g. "registry.example.com"');
  }
  const listen = options.listen ?? "443";
  const listenMatch = typeof listen === "string" ? /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5})$/.exec(listen) : null;
  if (!listenMatch || Number(listenMatch[1]) < 1 || Number(listenMatch[1]) > 65535)
    errors.add("listen", listen, "not a port or address:port", 'use e.g. "443" or "10.0.1.5:443"');
  const tls = options.tls ?? ({} as RegistryNginxOptions["tls"]);
  for (const part of ["certificate", "key"] as const) {
    if (typeof tls[part] !== "string" || !FILE_PATH.test(tls[part])) {
      errors.add(
        `tls.${part}`,
        tls[part],
        tls[part] === undefined ? "TLS is half-configured" : "not an absolute file path",
        `set tls.${part} to a PEM file, e.g. /etc/nginx/tls/registry.${part === "key" ? "key" : "crt"}`,
      );
    }
  }
  const files: [string, string | undefined][] = [
    ["pidFile", options.pidFile ?? "/run/nginx.pid"],
    ["errorLog", options.errorLog ?? "/var/log/nginx/error.log"],
    ["accessLog", options.accessLog ?? "/var/log/nginx/registry-access.log"],
    ["tempDirectory", options.tempDirectory],
  ];
  for (const [field, value] of files)
    if (value !== undefined && !FILE_PATH.test(value)) errors.add(field, value, "not an absolute path", "use letters, digits, '.', '_', '-' and '/'");
  const healthPath = options.healthPath ?? "/healthz";
  if (typeof healthPath !== "string" || !/^\/[\w.-]+$/.test(healthPath) || healthPath.startsWith("/v2")) {
    errors.add("healthPath", healthPath, "not a one-segment path outside /v2/", 'use e.g. "/healthz"');
  }
  const numbers: [string, number | undefined, number, number, number][] = [
    ["proxyReadTimeoutSeconds", options.proxyReadTimeoutSeconds, 900, 30, 86400],
    ["maxFails", options.maxFails, 3, 1, 100],
    ["failTimeoutSeconds", options.failTimeoutSeconds, 10, 1, 3600],
  ];
  for (const [field, value, , min, max] of numbers) {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
      errors.add(field, value, `not a whole number from ${min} to ${max}`, `use e.g. ${min}`);
  }
  const user = options.user === undefined ? "www-data" : options.user;
  if (user !== null && (typeof user !== "string" || !/^[a-z_][a-z0-9_-]*$/.test(user)))
    errors.add("user", user, "not a user name", 'use e.g. "www-data", or null');
  errors.throwIfAny();

  const readTimeout = options.proxyReadTimeoutSeconds ?? 900;
  const maxFails = options.maxFails ?? 3;
  const failTimeout = options.failTimeoutSeconds ?? 10;
  const temp = options.tempDirectory;
  const proxyHeaders = [
    "      proxy_http_version 1.1;",
    '      proxy_set_header Connection "";',
    "      proxy_set_header Host $http_host;",
    "      proxy_set_header X-Real-IP $remote_addr;",
    "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "      proxy_set_header X-Forwarded-Proto $scheme;",
  ];
  return [
    `# nginx terminating TLS for ${replicas.length} distribution registry replica(s); rendered by cdktf-docker-environments.`,
    ...(user !== null ? [`user ${user};`] : []),
    "worker_processes auto;",
    `pid ${files[0][1]};`,
    `error_log ${files[1][1]} warn;`,
    "",
    "events {",
    "  worker_connections 1024;",
    "}",
    "",
    "http {",
    "  server_tokens off;",
    `  access_log ${files[2][1]};`,
    ...(temp ? ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${temp}/${kind.replace("client_", "")};`) : []),
    "",
    "  upstream docker-registry {",
    ...replicas.map((replica) => `    server ${replica} max_fails=${maxFails} fail_timeout=${failTimeout}s;`),
    "    keepalive 32;",
    "  }",
    "",
    "  # The registry sets Docker-Distribution-Api-Version itself; add it only where a response",
    "  # lacks it (an answer from nginx itself), never twice.",
    "  map $upstream_http_docker_distribution_api_version $docker_distribution_api_version {",
    "    '' 'registry/2.0';",
    "  }",
    "",
    "  server {",
    `    listen ${listen} ssl;`,
    `    server_name ${options.serverName};`,
    "",
    `    ssl_certificate ${tls.certificate};`,
    `    ssl_certificate_key ${tls.key};`,
    "    ssl_protocols TLSv1.2 TLSv1.3;",
    "    ssl_session_cache shared:registry_tls:10m;",
    "    ssl_session_timeout 1d;",
    "    ssl_session_tickets off;",
    "",
    "    # Layers are large and streamed: no size limit, chunked uploads passed straight through.",
    "    client_max_body_size 0;",
    "    chunked_transfer_encoding on;",
    "    proxy_request_buffering off;",
    "",
    "    location /v2/ {",
    "      add_header Docker-Distribution-Api-Version $docker_distribution_api_version always;",
    '      add_header Strict-Transport-Security "max-age=31536000" always;',
    "      proxy_pass http://docker-registry;",
    ...proxyHeaders,
    `      proxy_read_timeout ${readTimeout};`,
    `      proxy_send_timeout ${readTimeout};`,
    "    }",
    "",
    "    # 200 while a replica's storage driver is healthy (503 otherwise); no authentication needed.",
    `    location = ${healthPath} {`,
    "      access_log off;",
    "      proxy_pass http://docker-registry/;",
    ...proxyHeaders,
    "    }",
    "",
    "    location / {",
    "      return 404;",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}
