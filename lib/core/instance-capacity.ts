/**
 * vCPUs and memory (GiB) of common x86_64 EC2 instance types (the hosts run the amd64 Ubuntu
 * AMI), from the EC2 instance type specifications. Other types need an explicit capacity.
 */
const INSTANCE_TYPES: Record<string, readonly [vcpus: number, memoryGiB: number]> = {
  "t3.micro": [2, 1],
  "t3.small": [2, 2],
  "t3.medium": [2, 4],
  "t3.large": [2, 8],
  "t3.xlarge": [4, 16],
  "t3.2xlarge": [8, 32],
  "t3a.medium": [2, 4],
  "t3a.large": [2, 8],
  "t3a.xlarge": [4, 16],
  "m6i.large": [2, 8],
  "m6i.xlarge": [4, 16],
  "m6i.2xlarge": [8, 32],
  "m7i.large": [2, 8],
  "m7i.xlarge": [4, 16],
  "m7i.2xlarge": [8, 32],
  "m7i.4xlarge": [16, 64],
  "c6i.large": [2, 4],
  "c6i.xlarge": [4, 8],
  "c7i.large": [2, 4],
  "c7i.xlarge": [4, 8],
  "c7i.2xlarge": [8, 16],
  "r6i.large": [2, 16],
  "r7i.large": [2, 16],
  "r7i.xlarge": [4, 32],
};

/** The capacity of an instance type, or undefined when this table does not know it. */
export function instanceTypeCapacity(instanceType: string): { memoryBytes: number; cpus: number } | undefined {
  const known = INSTANCE_TYPES[instanceType];
  return known && { cpus: known[0], memoryBytes: known[1] * 1024 ** 3 };
}

/** The instance types instanceTypeCapacity knows. */
export const KNOWN_INSTANCE_TYPES: readonly string[] = Object.keys(INSTANCE_TYPES);
