import { parse } from "yaml";
import { renderAnsiblePlaybook, renderChefRecipe, renderCloudInit, renderPuppetManifest, renderSaltStates } from "cdktf-docker-environments";
import { overlay2HostPlan } from "../../support/host-plan-fixtures";

const plan = overlay2HostPlan();

describe("snapshots of each bootstrapper for the overlay2 web host", () => {
  test("cloud-init", () => expect(renderCloudInit(plan)).toMatchSnapshot());
  test("Ansible", () => expect(renderAnsiblePlaybook(plan)).toMatchSnapshot());
  test("Chef", () => expect(renderChefRecipe(plan)).toMatchSnapshot());
  test("Salt", () => expect(renderSaltStates(plan)).toMatchSnapshot());
  test("Puppet", () => expect(renderPuppetManifest(plan)).toMatchSnapshot());
});

describe("cloud-init", () => {
  test("is a single #cloud-config document unless extra parts are given", () => {
    const { cloudConfig, userData } = renderCloudInit(plan);
    expect(userData).toBe(cloudConfig);
    const doc = parse(cloudConfig) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["package_update", "packages", "write_files", "runcmd"]);
    // Deferred: written in the final stage, after packages, once users and groups exist.
    expect((doc.write_files as { defer: boolean }[]).every((f) => f.defer === true)).toBe(true);
  });

  test("with extra parts it is a MIME multi-part archive whose parts decode to the inputs", () => {
    const script = "#!/bin/sh\necho site hook\n";
    const { cloudConfig, userData } = renderCloudInit(plan, { extraParts: [{ contentType: "text/x-shellscript", filename: "50-site.sh", content: script }] });
    const boundary = /boundary="([^"]+)"/.exec(userData)?.[1] as string;
    const parts = userData.split(`--${boundary}`).slice(1, -1);
    expect(parts).toHaveLength(2);
    const decode = (part: string) => Buffer.from(part.split("\n\n").slice(1).join("\n\n").replace(/\n/g, ""), "base64").toString("utf8");
    expect(parts[0]).toContain("Content-Type: text/cloud-config");
    expect(decode(parts[0])).toBe(cloudConfig);
    expect(parts[1]).toContain('filename="50-site.sh"');
    expect(decode(parts[1])).toBe(script);
    expect(userData.endsWith(`--${boundary}--\n`)).toBe(true);
  });
});

describe("the configuration-management bootstrappers", () => {
  test("Ansible uses only fully qualified ansible.builtin modules, and every command has creates:", () => {
    const [play] = parse(renderAnsiblePlaybook(plan).playbook) as { hosts: string; connection: string; tasks: Record<string, Record<string, unknown>>[] }[];
    expect([play.hosts, play.connection]).toEqual(["localhost", "local"]);
    for (const task of play.tasks) {
      const modules = Object.keys(task).filter((k) => k !== "name");
      expect(modules).toHaveLength(1);
      expect(modules[0]).toMatch(/^ansible\.builtin\.(apt|command|file|copy|dpkg_selections|systemd)$/);
      if (modules[0] === "ansible.builtin.command") expect(task[modules[0]].creates).toMatch(/^\//);
    }
  });

  test("each user-data script writes its documents, installs the tool and fails when the run fails", () => {
    const ansible = renderAnsiblePlaybook(plan);
    expect(ansible.userData).toContain(
      `cat >/var/lib/cdktf-docker-environments/ansible/playbook.yml <<'CDKTF_DOCKER_HOST_EOF'\n${ansible.playbook}CDKTF_DOCKER_HOST_EOF\n`,
    );
    expect(ansible.userData).toMatch(/^#!\/bin\/bash\n(#.*\n)+set -euo pipefail\n/);
    expect(ansible.userData).toContain("ansible-playbook --inventory localhost, --connection local /var/lib/cdktf-docker-environments/ansible/playbook.yml");

    const chef = renderChefRecipe(plan);
    expect(chef.userData).toContain(`cookbooks/cdktf_docker_host/recipes/default.rb <<'CDKTF_DOCKER_HOST_EOF'\n${chef.recipe}CDKTF_DOCKER_HOST_EOF`);
    expect(chef.userData).toContain("bash /var/lib/cdktf-docker-environments/chef/install.sh -P cinc -v 18");
    expect(JSON.parse(chef.attributes).run_list).toEqual(["recipe[cdktf_docker_host]"]);

    const salt = renderSaltStates(plan);
    expect(salt.states.startsWith("#!yaml\n")).toBe(true);
    expect(parse(salt.top)).toEqual({ base: { "*": ["cdktf_docker_host"] } });
    expect(salt.userData).toContain("salt-call --local --retcode-passthrough --file-root /var/lib/cdktf-docker-environments/salt/states state.apply");
    expect(salt.userData).toContain(
      "fetch-apt-key https://packages.broadcom.com/artifactory/api/security/keypair/SaltProjectKey/public 10857FFDD3F91EAE577A21D664CBBC8173D76B3F",
    );

    const puppet = renderPuppetManifest(plan);
    expect(puppet.userData).toContain("puppet apply --detailed-exitcodes --color=false /var/lib/cdktf-docker-environments/puppet/site.pp || status=$?");
    expect(puppet.userData).toContain('if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then');
  });

  test("a document line equal to the here-document delimiter gets another delimiter", () => {
    const tricky = {
      ...plan,
      files: [...plan.files, { path: "/etc/app/notes.txt", content: "first line\nCDKTF_DOCKER_HOST_EOF\n", mode: "0644", owner: "root", group: "root" }],
    };
    const { userData, manifest } = renderPuppetManifest(tricky);
    expect(manifest.split("\n")).toContain("CDKTF_DOCKER_HOST_EOF");
    expect(userData).toContain(`<<'CDKTF_DOCKER_HOST_EOF_2'\n${manifest}CDKTF_DOCKER_HOST_EOF_2\n`);
  });

  test("Puppet and Salt keep quotes and backslashes in file contents", () => {
    const content = "it's a \\ test with {{ jinja }} and 'quotes'\n";
    const tricky = { ...plan, files: [{ path: "/etc/app/odd.conf", content, mode: "0644", owner: "root", group: "root" }] };
    expect(renderPuppetManifest(tricky).manifest).toContain("content => 'it\\'s a \\\\ test with {{ jinja }} and \\'quotes\\'\n'");
    const states = parse(renderSaltStates(tricky).states) as Record<string, Record<string, Record<string, unknown>[]>>;
    expect(states["/etc/app/odd.conf"]["file.managed"][0]).toEqual({ contents: content });
  });
});
