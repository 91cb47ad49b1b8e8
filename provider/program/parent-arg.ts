/**
 * Program-side: the parent object a child resource is declared under (`loadbalancer`, `listener`,
 * `pool`) must be there, and be the right kind of object, before anything is registered. Plain
 * JavaScript callers get a message naming the resource and the argument instead of a `TypeError`.
 */

/** `value` as the parent, or an error naming `what` (e.g. `Pool "web"`), `arg` and what it expects. */
export function requireParent<T extends object>(
  value: unknown,
  what: string,
  arg: string,
  expected: string,
  marker: keyof T & string,
): T {
  if (typeof value === "object" && value !== null && marker in value) return value as T;
  const got =
    value === undefined
      ? "it is missing"
      : `got ${typeof value === "object" ? "another object" : JSON.stringify(value)}`;
  throw new Error(`${what}: the argument "${arg}" must be ${expected} (${got})`);
}
