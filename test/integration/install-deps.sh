#!/usr/bin/env bash
# Installs the Debian packages the real-tool integration tests (`npm run test:integration`) need:
#   - docker.io       dockerd, containerd, runc and the docker CLI (/usr/bin/docker, as the units use)
#   - busybox-static  the statically linked /bin/busybox the test image is built from (no pulls)
#   - iproute2        `ip netns` for the private engine's network namespace
#   - util-linux      `nsenter`, to start dockerd inside that namespace
#   - iptables        the private engine manages its NAT rules inside its own namespace
#   - systemd         `systemd-analyze verify` for the rendered units
#   - shellcheck      lints the shell snippets the units embed, and the bootstrappers' user data
#   - cloud-init      `cloud-init schema` for the rendered cloud-configs (and its runcmd script builder)
#   - ansible-core    `ansible-playbook --syntax-check` for the rendered playbooks
#   - ansible-lint    `ansible-lint --strict` for the rendered playbooks
#   - puppet          `puppet parser validate` and `puppet parser dump` for the rendered manifests
#   - ruby            `ruby -c` and a recording run of the rendered Chef recipe
#   - gnupg           keys for the test of the apt-key fingerprint check
#   - python3-yaml    PyYAML, to read the rendered YAML as Ansible, Salt and cloud-init do
#   - btrfs-progs, xfsprogs, e2fsprogs  mkfs for the storage drivers' preparation on loop devices
#   - mount, fdisk    losetup for the loop devices, sfdisk for the partitioned-volume refusal
#   - openssl, curl, wget  the daemon's TLS listener (test PKI), metrics endpoint and bridge checks
#   - awscli          /usr/bin/aws: the ECS API model check of the Dockerrun.aws.json v2 container definitions
#   - docker-compose  `docker-compose config` for the rendered Beanstalk docker-compose.yml
#   - unzip           tests and extracts the Beanstalk source bundle archive
#   - docker-registry the CNCF distribution registry 2.8, started with every rendered config.yml
#   - apache2-utils   `htpasswd -B` for the registry's bcrypt password files
#   - nginx           `nginx -t` and a real run of the rendered load balancer in front of registry replicas
#   - redis-server    the registry replicas' shared blob-descriptor cache (and redis-cli)
#   - graphviz        `dot -Tsvg` draws the stacks' topology diagrams (npm run diagram)
#   - prometheus-node-exporter  the node exporter binary, run in a container with the flags MinimalEnvironment renders
# Idempotent and non-interactive: packages already installed are left alone. Run as root (or
# with sudo available) on Debian 12 or a Debian/Ubuntu derivative.
set -euo pipefail

packages=(docker.io busybox-static iproute2 util-linux iptables systemd shellcheck cloud-init ansible-core ansible-lint puppet ruby gnupg python3-yaml btrfs-progs xfsprogs e2fsprogs mount fdisk openssl curl wget awscli docker-compose unzip docker-registry apache2-utils nginx redis-server graphviz prometheus-node-exporter)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all integration test packages are installed (${packages[*]})"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
