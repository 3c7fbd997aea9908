/** Commander's accumulator for an option that may be given several times (`--env a --env b`). */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
