/**
 * Which loxilb a resource talks to. Precedence: the load balancer's `connection` input (inherited by
 * its children), then stack config `loxilb:*` captured by `configure`, then `LOXILB_*` environment
 * variables. Clients (and their keep-alive agents) are shared process-wide per distinct options.
 */
import { createHash } from "crypto";
import { LoxiLBClient } from "../api/client";
import { LOXILB_OPTION_KEYS, resolveLoxilbOptions } from "../api/options";
import { processState } from "./process-state";

/** Remember the stack config the engine sent to `configure` (called once per provider text). */
export function captureStackConfig(get: (key: string) => string | undefined): void {
  const state = processState();
  for (const key of LOXILB_OPTION_KEYS) {
    const value = get(`loxilb:${key}`);
    if (value !== undefined) state.stackConfig.set(`loxilb:${key}`, value);
  }
}

/** A shared client for `connection` (the resource's `connection` input, possibly undefined). */
export function clientFor(connection: unknown): { client: LoxiLBClient; id: string } {
  const state = processState();
  const options = resolveLoxilbOptions({
    config: (key: string) => state.stackConfig.get(key),
    env: process.env,
    overrides: connection ?? {},
  });
  const id = createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 16);
  let client = state.clients.get(id) as LoxiLBClient | undefined;
  if (client === undefined) {
    client = new LoxiLBClient(options);
    state.clients.set(id, client);
  }
  return { client, id };
}
