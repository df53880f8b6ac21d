/**
 * Merges the versions an older release still defines into the current spec of the same message.
 *
 * Kafka 4.0 dropped many old request versions from its specs (KIP-896: Produce v0-2, Fetch v0-3,
 * OffsetCommit v0-1, ListOffsets v0, ...), yet 3.x brokers still serve them. kafe keeps speaking
 * them: for versions below the current spec's minimum, the layout follows the legacy spec (e.g.
 * 3.9.2); from the minimum up, it follows the current spec unchanged. The result is one spec, so
 * each message keeps one TypeScript type: a field only the old versions carry (OffsetCommit v1's
 * per-partition `CommitTimestamp`) becomes one more field, absent from the newer versions.
 *
 * The merge is field by field and refuses what it cannot express exactly (a field whose type,
 * default or tag changed, versions that stop being one range, a different field order): codegen
 * then fails instead of guessing.
 */
import { type Field, inRange, type MessageSpec, type Struct, type VersionRange } from './spec.js';

/**
 * The versions of `legacy` below `current`'s minimum, or `null` when there are none. A version the
 * legacy release marks unstable (`latestVersionUnstable`, e.g. the KIP-932 early-access Share*
 * v0 of 3.9) is left out: brokers of that release do not serve it by default, and its successor
 * is not wire-compatible.
 */
export function legacyRange(current: MessageSpec, legacy: MessageSpec): VersionRange | null {
  const min = legacy.validVersions.min;
  let max = Math.min(legacy.validVersions.max, current.validVersions.min - 1);
  if (legacy.latestVersionUnstable && max === legacy.validVersions.max) max--;
  return max >= min ? { min, max } : null;
}

function versionList(r: VersionRange): number[] {
  const out: number[] = [];
  for (let v = r.min; v <= r.max; v++) out.push(v);
  return out;
}

/** Smallest range holding exactly `set`; throws when `set` has a gap. */
function toRange(set: number[], openEnded: boolean, what: string): VersionRange | null {
  if (set.length === 0) return null;
  const min = Math.min(...set);
  const max = Math.max(...set);
  if (max - min + 1 !== set.length) throw new Error(`${what}: versions ${set.join(',')} are not one range`);
  return { min, max: openEnded ? Number.POSITIVE_INFINITY : max };
}

/**
 * One version attribute (`versions`, `nullableVersions`, `taggedVersions`) of a merged field. The
 * current range is kept as written when it already says the right thing about the legacy
 * versions (so the current versions' output does not change); else the range is rebuilt from
 * the legacy spec below the cut and the current one above it.
 */
function mergeRange(
  current: VersionRange | null | undefined,
  legacy: VersionRange | null | undefined,
  old: number[],
  valid: VersionRange,
  what: string,
): VersionRange | null {
  const oldSet = old.filter((v) => inRange(legacy ?? null, v));
  const covered = old.filter((v) => inRange(current ?? null, v));
  if (oldSet.length === covered.length && oldSet.every((v, i) => covered[i] === v)) return current ?? null;
  const cut = valid.min + old.length;
  const currentSet = versionList({ min: cut, max: valid.max }).filter((v) => inRange(current ?? null, v));
  const open = current != null && current.max === Number.POSITIVE_INFINITY && currentSet.length > 0;
  return toRange([...oldSet, ...currentSet], open, what);
}

function mergeField(
  conflicts: string[],
  current: Field | undefined,
  legacy: Field | undefined,
  old: number[],
  valid: VersionRange,
  where: string,
  legacyRelease: string,
): Field | null {
  const base = current ?? legacy!;
  const what = `${where}.${base.name}`;
  if (current !== undefined && legacy !== undefined) {
    const same = (k: keyof Field): boolean => JSON.stringify(current[k]) === JSON.stringify(legacy[k]);
    for (const k of ['type', 'tag', 'default'] as const) {
      if (!same(k)) throw new Error(`${what}: ${k} differs between the legacy and current specs`);
    }
  }
  const versions = mergeRange(current?.versions, legacy?.versions, old, valid, what);
  if (versions === null) return null;
  // `ignorable` only matters where the field is absent: checkIgnorable() makes sure the old
  // versions lacking it do not need the legacy spec's value.
  if (current !== undefined && legacy !== undefined && current.ignorable !== legacy.ignorable)
    conflicts.push(what);
  return {
    ...base,
    versions,
    nullableVersions: mergeRange(current?.nullableVersions, legacy?.nullableVersions, old, valid, what),
    taggedVersions: mergeRange(current?.taggedVersions, legacy?.taggedVersions, old, valid, what),
    flexibleVersions:
      current?.flexibleVersions === undefined && legacy?.flexibleVersions === undefined
        ? undefined
        : mergeRange(current?.flexibleVersions, legacy?.flexibleVersions, old, valid, what),
    ignorable: current !== undefined ? current.ignorable : legacy!.ignorable,
    onlyIn: current === undefined ? legacyRelease : base.onlyIn,
  };
}

/** Field names of `fields` present at `v`, in wire order. */
function wireOrder(fields: Field[], v: number): string[] {
  return fields.filter((f) => inRange(f.versions, v)).map((f) => f.name);
}

function mergeStruct(
  conflicts: string[],
  current: Struct | undefined,
  legacy: Struct | undefined,
  old: number[],
  valid: VersionRange,
  spec: string,
  legacyRelease: string,
): Struct {
  const name = (current ?? legacy!).name;
  const where = `${spec}.${name}`;
  const cur = current?.fields ?? [];
  const leg = legacy?.fields ?? [];
  // Current order, with each legacy-only field placed right after its legacy predecessor.
  const names: string[] = cur.map((f) => f.name);
  leg.forEach((f, i) => {
    if (names.includes(f.name)) return;
    const prev = leg[i - 1]?.name;
    names.splice(prev === undefined ? 0 : names.indexOf(prev) + 1, 0, f.name);
  });
  const fields: Field[] = [];
  for (const n of names) {
    const f = mergeField(
      conflicts,
      cur.find((x) => x.name === n),
      leg.find((x) => x.name === n),
      old,
      valid,
      where,
      legacyRelease,
    );
    if (f !== null) fields.push(f);
  }
  // The wire order of every version must be the one its own spec defines.
  for (const v of versionList(valid)) {
    const own = v < valid.min + old.length ? leg : cur;
    if (JSON.stringify(wireOrder(fields, v)) !== JSON.stringify(wireOrder(own, v)))
      throw new Error(`${where}: merged field order differs from the spec's at version ${v}`);
  }
  return { name, fields };
}

/**
 * Refuses a field whose `ignorable` differs between the specs (`conflicts`, as `Spec.Struct.Field`)
 * when an old version reaches its struct without carrying it: there the legacy spec's value
 * would apply, which one merged field cannot express.
 */
function checkIgnorable(
  spec: string,
  structs: Map<string, Struct>,
  old: number[],
  conflicts: string[],
): void {
  const reach = new Map<string, Set<number>>();
  const walk = (name: string, versions: number[]): void => {
    const seen = reach.get(name) ?? new Set<number>();
    reach.set(name, seen);
    const added = versions.filter((v) => !seen.has(v));
    if (added.length === 0) return;
    for (const v of added) seen.add(v);
    for (const f of structs.get(name)?.fields ?? []) {
      const t = f.type.kind === 'array' ? f.type.element : f.type;
      if (t.kind === 'struct')
        walk(
          t.name,
          added.filter((v) => inRange(f.versions, v)),
        );
    }
  };
  walk(spec, old);
  for (const [name, s] of structs) {
    for (const f of s.fields) {
      if (!conflicts.includes(`${spec}.${name}.${f.name}`)) continue;
      if ([...(reach.get(name) ?? [])].some((v) => !inRange(f.versions, v)))
        throw new Error(`${spec}.${name}.${f.name}: ignorable differs between the legacy and current specs`);
    }
  }
}

/**
 * `current` extended down to the versions `legacy` defines below it (per {@link legacyRange}),
 * or `current` itself when there are none. `legacy` must be the same message in an older
 * release; flexible versions must agree on the old versions.
 */
export function mergeLegacy(
  current: MessageSpec,
  legacy: MessageSpec,
  range: VersionRange | null,
  legacyRelease: string,
): MessageSpec {
  if (range === null) return current;
  const old = versionList(range);
  if (range.max !== current.validVersions.min - 1)
    throw new Error(
      `${current.name}: legacy versions ${range.min}-${range.max} do not reach the current ones`,
    );
  for (const v of old) {
    if (inRange(current.flexibleVersions, v) !== inRange(legacy.flexibleVersions, v))
      throw new Error(`${current.name}: flexible versions differ at legacy version ${v}`);
  }
  const valid = { min: range.min, max: current.validVersions.max };
  const structs = new Map<string, Struct>();
  const conflicts: string[] = [];
  for (const name of new Set([...current.structs.keys(), ...legacy.structs.keys()])) {
    structs.set(
      name,
      mergeStruct(
        conflicts,
        current.structs.get(name),
        legacy.structs.get(name),
        old,
        valid,
        current.name,
        legacyRelease,
      ),
    );
  }
  checkIgnorable(current.name, structs, old, conflicts);
  return {
    ...current,
    validVersions: valid,
    structs,
    legacy: { release: legacyRelease, versions: range },
  };
}
