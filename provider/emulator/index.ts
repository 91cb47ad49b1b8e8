/**
 * `pulumi-loxilb/emulator`: a faithful in-process emulator of loxilb's REST API (`/netlox/v1`), for
 * tests, demos and users' CI. It reproduces rule keying, reconcile-on-re-POST with tombstones, error
 * statuses and bodies, auth and TLS; it does not forward packets. See docs/emulator.md.
 */
import type { ServerResponse } from "http";
import { goIpString } from "../api/ip";
import { createApp } from "./app";
import { Authenticator } from "./auth";
import { addControlRoutes } from "./control-routes";
import { EmulatorState } from "./emulator-state";
import { FaultRegistry } from "./faults";
import { Listeners } from "./listeners";
import { RequestLog } from "./request-log";
import { Router } from "./router";
import { addEndpointRoutes } from "./routes-endpoint";
import { addLbRoutes } from "./routes-lb";
import { addMetricsRoutes } from "./routes-metrics";
import { addSystemRoutes } from "./routes-system";
import { attachStateFile } from "./state-file";
import type { FaultControls, LoxilbEmulator, StartEmulatorOptions } from "./types";

export type * from "./types";

/** loxilb's `RtMaximumLbs`. */
export const DEFAULT_MAX_RULES = 2048;
/** The version `GET /version` reports unless `version` is given. */
export const DEFAULT_VERSION = "0.9.8-emu";

function faultControls(
  registry: FaultRegistry,
  listeners: Listeners,
  hung: Set<ServerResponse>,
): FaultControls {
  const release = () => {
    for (const res of hung) res.socket?.destroy();
    hung.clear();
  };
  return {
    failNext: (match, o) => registry.failNext(match, o, o.count ?? 1),
    addLatency: (match, ms, count) => registry.addLatency(match, ms, count),
    resetNext: (match, count) => registry.resetNext(match, count ?? 1),
    hangNext: (match, count) => registry.hangNext(match, count ?? 1),
    held: () => hung.size,
    down: async () => {
      release();
      await listeners.down();
    },
    up: () => listeners.up(),
    clear: () => {
      registry.clear();
      release();
    },
  };
}

/** Starts an emulator; resolves once every listener is bound. Close it with `handle.close()`. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<LoxilbEmulator> {
  const now = options.now ?? Date.now;
  const host = options.host ?? "127.0.0.1";
  const state = new EmulatorState(options.maxRules ?? DEFAULT_MAX_RULES, now);
  const stateFile = options.stateFile === undefined ? undefined : attachStateFile(state, options.stateFile);
  const auth = new Authenticator({
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.users !== undefined ? { users: options.users } : {}),
  });
  const legacyErrors = options.legacyErrors === true;
  const api = new Router();
  addLbRoutes(api, state, { legacyErrors });
  addEndpointRoutes(api, state, { legacyErrors });
  addSystemRoutes(api, state, auth, { version: options.version ?? DEFAULT_VERSION, legacyErrors });
  state.prometheus = options.prometheus === true;
  addMetricsRoutes(api, state);
  const control = new Router();
  const registry = new FaultRegistry();
  const log = new RequestLog();
  const hung = new Set<ServerResponse>();
  const app = createApp({ api, control, auth, faults: registry, log, now, hung });
  const listeners = new Listeners(host, options.port ?? 0, options.tls, app);
  await listeners.up();
  const [port = 0, tlsPort] = listeners.boundPorts;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const faults = faultControls(registry, listeners, hung);
  const handle: LoxilbEmulator = {
    url: `http://${urlHost}:${port}`,
    port,
    ...(tlsPort !== undefined ? { tlsUrl: `https://${urlHost}:${tlsPort}`, tlsPort } : {}),
    close: async () => {
      await faults.down();
      await stateFile?.flush();
    },
    rules: () => state.listRules(false),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    faults,
    traffic: (spec) => state.traffic({ ...spec, externalIP: goIpString(spec.externalIP) ?? spec.externalIP }),
    absentTimeline: (key) => state.timeline.list(key),
    expireTokens: () => auth.expireTokens(),
    setProbeResult: (ip, port, proto, result) => {
      state.hosts.results.set(`${goIpString(ip) ?? ip}_${proto}_${port}`, result);
      state.onChange();
    },
  };
  addControlRoutes(control, handle);
  return handle;
}
