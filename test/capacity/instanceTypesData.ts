import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceType } from '../../src/capacity/allocatable.ts';

/** The shipped instance-type table, as the CLI reads it. */
export function shippedInstanceTypes(): InstanceType[] {
  const data = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/instance-types.json'), 'utf8')) as {
    instanceTypes: Record<string, Omit<InstanceType, 'name'>>;
  };
  return Object.entries(data.instanceTypes).map(([name, t]) => ({ name, ...t }));
}

export function shippedInstanceType(name: string): InstanceType {
  const type = shippedInstanceTypes().find((t) => t.name === name);
  if (!type) throw new Error(`no ${name} in data/instance-types.json`);
  return type;
}
