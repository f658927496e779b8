/**
 * nginx as an unprivileged reverse proxy in front of the `web` service on port 8080: listens on
 * 8080, keeps every temporary file under /tmp (a tmpfs on a read-only root), logs to stdout/stderr.
 * Behind a load balancer that terminates TLS, pass on its `X-Forwarded-Proto`.
 */
export function reverseProxyConfig(options: { readonly forwardProto: boolean }): string {
  const forwardProto = options.forwardProto ? "\n      proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;" : "";
  return `pid /tmp/nginx.pid;
events { worker_connections 512; }
http {
  server_tokens off;
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  access_log /dev/stdout;
  error_log /dev/stderr warn;
  upstream web { server web:8080; }
  server {
    listen 8080;
    location = /nginx-health { access_log off; return 200 "ok\\n"; }
    location / {
      proxy_pass http://web;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;${forwardProto}
      proxy_read_timeout 10s;
    }
  }
}
`;
}
