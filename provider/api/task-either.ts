/**
 * The client's fp-ts face: every Promise method as a `TaskEither<LoxiLBError, A>`, for callers that
 * compose with fp-ts (`pipe(client.te.listLoadBalancers(), TE.map(...))`). Failures are values there;
 * only a non-LoxiLB exception (a bug) still rejects the task.
 */
import * as E from "fp-ts/Either";
import type { TaskEither } from "fp-ts/TaskEither";
import { isLoxiLBError, type LoxiLBError } from "./errors";

/** `run()` as a TaskEither: its LoxiLBError becomes a Left, its value a Right. */
export function toTaskEither<A>(run: () => Promise<A>): TaskEither<LoxiLBError, A> {
  return () =>
    run().then(
      (a) => E.right(a),
      (e: unknown) => {
        if (isLoxiLBError(e)) return E.left(e);
        throw e;
      },
    );
}

/** Promise methods of `T` as TaskEither functions with the same parameters. */
export type TaskEitherApi<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer P) => Promise<infer A>
    ? (...args: P) => TaskEither<LoxiLBError, A>
    : never;
};

/** Build the TaskEither face of `target` for `methods`. */
export function taskEitherApi<T extends object, K extends keyof T>(
  target: T,
  methods: readonly K[],
): TaskEitherApi<Pick<T, K>> {
  const out: Record<PropertyKey, unknown> = {};
  for (const m of methods) {
    const f = target[m] as unknown as (...args: unknown[]) => Promise<unknown>;
    out[m] = (...args: unknown[]) => toTaskEither(() => f.apply(target, args));
  }
  return out as TaskEitherApi<Pick<T, K>>;
}
