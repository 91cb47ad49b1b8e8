/**
 * The provider side's entry point, loaded by package path from every serialized provider (see
 * `program/provider-shim.ts`): the one module that crosses from the program side to this side, at
 * run time only. Its path, `dist/provider/resources/handlers.js`, is written into every stack's
 * state, so it stays where it is for the stacks earlier versions created. Dispatches Pulumi's
 * dynamic-provider calls to the resource kind's handlers.
 */
import type * as pulumi from "@pulumi/pulumi";
import { captureStackConfig } from "../runtime/connection";
import { setEngineParallel } from "../rules/batch-queue";
import { healthMonitorHandlers } from "./health-monitor";
import type { ResourceKind } from "../contracts/kinds";
import { listenerHandlers } from "./listener";
import { loadBalancerHandlers } from "./load-balancer";
import { memberHandlers } from "./member";
import { membersHandlers } from "./members";
import { poolHandlers } from "./pool";
import {
  runCheck,
  runCreate,
  runDiff,
  runRead,
  runRemove,
  runUpdate,
  type KindHandlers,
} from "./handler-kit";

const KINDS: Record<ResourceKind, KindHandlers> = {
  loadbalancer: loadBalancerHandlers,
  listener: listenerHandlers,
  pool: poolHandlers,
  member: memberHandlers,
  members: membersHandlers,
  healthmonitor: healthMonitorHandlers,
};

export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  captureStackConfig((key) => req.config.get(key));
  return Promise.resolve();
}

/** Record the engine's `--parallel` the program passed in its provider (0: unknown). */
export function noteEngineParallel(parallel: number): void {
  setEngineParallel(parallel);
}

// check and diff do no I/O; they return promises because the provider interface asks for them.
export function check(kind: ResourceKind, olds: unknown, news: unknown) {
  return Promise.resolve(runCheck(KINDS[kind], olds, news));
}

export function diff(kind: ResourceKind, _id: string, olds: unknown, news: unknown) {
  return Promise.resolve(runDiff(KINDS[kind], olds, news));
}

export async function create(kind: ResourceKind, inputs: unknown) {
  return runCreate(KINDS[kind], inputs);
}

export async function read(kind: ResourceKind, id: string, props: unknown) {
  return runRead(KINDS[kind], id, props);
}

export async function update(kind: ResourceKind, id: string, olds: unknown, news: unknown) {
  return runUpdate(KINDS[kind], id, olds, news);
}

export async function remove(kind: ResourceKind, id: string, props: unknown) {
  return runRemove(KINDS[kind], id, props);
}
