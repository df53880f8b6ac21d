/**
 * Topic name checks done before any request (Java: `Topic.validate`): 1 to 249 characters of
 * `a-z A-Z 0-9 . _ -`, not `.` or `..`. A name refused here fails its resource with
 * INVALID_ARGUMENT naming it; the other resources of the call are still asked.
 */

/** Why `name` cannot be a topic name, or `undefined` when it can. */
export function topicNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `${JSON.stringify(name)} is not a topic name (a string)`;
  if (name.length === 0) return 'a topic name cannot be empty';
  if (name === '.' || name === '..') return `"${name}" cannot be a topic name`;
  if (name.length > 249) return `a topic name has at most 249 characters (this one ${name.length})`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `"${name}" has characters other than a-z A-Z 0-9 . _ -`;
  return undefined;
}
