/**
 * The typed, resilient LoxiLB REST client. Request bodies are encoded with their codecs (enum names →
 * loxilb numbers), every answer is decoded, and every failure is a {@link LoxiLBError}. Retries,
 * failover and replication follow `docs/client.md`.
 */
import type { ApiCall } from "./api-call";
import { versionCall } from "./auth-api";
import { clusterStatesCall, setClusterStateCall } from "./cluster-api";
import {
  CLIENT_METHODS,
  type EndpointHealthReport,
  type LoxiLBClientInternals,
  type LoxiLBClientMethod,
  type RuleLookupOptions,
} from "./client-types";
import { DEFAULT_COOL_DOWN_MS, initialPool } from "./endpoint-pool";
import { listEndpointHostsCall, setEndpointHostCall, setEndpointHostStateCall } from "./endpoint-host-api";
import { Executor } from "./executor";
import { findRule } from "./rule-identity";
import { isLoxiLBError } from "./errors";
import {
  createLoadBalancerCall,
  deleteAllLoadBalancersCall,
  deleteLoadBalancerByNameCall,
  deleteLoadBalancerRuleCall,
  listLoadBalancersCall,
  type RuleDeleteOptions,
} from "./loadbalancer-api";
import {
  epDistTrafficCall,
  lbProcessedTrafficCall,
  lbRuleCountCall,
  metricsCall,
  serviceDistTrafficCall,
} from "./metrics-api";
import {
  type CIStatusEntry,
  type CIStatusGetEntry,
  type DeviceInfo,
  type EndpointHost,
  type EndpointHostInfo,
  type EndpointHostState,
  type EpDistTrafficMetrics,
  type LbProcessedTrafficMetrics,
  type LbProtocol,
  type LbRuleCountMetrics,
  type LoadbalanceEntry,
  type MetricSample,
  type ProcessStatus,
  type ServiceDistTrafficMetrics,
  type VersionInfo,
} from "./model";
import { validateOptions, type LoxiLBClientOptions } from "./options";
import { Redactor, endpointPasswords, keyMaterial, stripUserInfo } from "./redact";
import { combineApplied, combineDeleted, combineVoid } from "./replication";
import { retryPolicyFrom } from "./retry-policy";
import { deviceStatusCall, processStatusCall } from "./status-api";
import { taskEitherApi, type TaskEitherApi } from "./task-either";
import { agentSocketCount, tlsMaterialFrom } from "./tls-agent";
import { EndpointTransport, defaultFetch } from "./transport";

export {
  CLIENT_METHODS,
  type EndpointHealthReport,
  type LoxiLBClientInternals,
  type LoxiLBClientMethod,
  type RuleLookupOptions,
} from "./client-types";

export class LoxiLBClient {
  /** The validated options (secrets included: do not log or serialize). */
  readonly options: LoxiLBClientOptions;
  /** The same calls as `TaskEither<LoxiLBError, A>` (fp-ts). */
  readonly te: TaskEitherApi<Pick<LoxiLBClient, LoxiLBClientMethod>>;
  private readonly transports: Map<string, EndpointTransport>;
  private readonly executor: Executor;
  private readonly now: () => number;

  /** Throws a `ConfigError` for invalid options or unreadable PEM files. Opens no connection. */
  constructor(options: LoxiLBClientOptions, internals: LoxiLBClientInternals = {}) {
    this.options = validateOptions(options);
    const o = this.options;
    this.now = o.now ?? Date.now;
    const logger = o.logger ?? ((line: string) => console.error(line));
    const tls = tlsMaterialFrom(o);
    const settings = {
      options: o,
      tls,
      fetch: o.fetch ?? defaultFetch,
      now: this.now,
      log: o.debugApiCalls === true ? logger : undefined,
      redactor: new Redactor([
        o.apiToken,
        o.password,
        ...endpointPasswords(o.apiEndpoints),
        ...keyMaterial(o.tlsClientKey),
        ...keyMaterial(tls.key),
      ]),
    };
    this.transports = new Map(o.apiEndpoints.map((e) => [e, new EndpointTransport(e, settings)]));
    const pool = initialPool(o.apiEndpoints, internals.coolDownMs ?? DEFAULT_COOL_DOWN_MS);
    this.executor = new Executor(this.transports, pool, retryPolicyFrom(o), {
      sleep: o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: this.now,
      random: o.random ?? Math.random,
    });
    this.te = taskEitherApi<LoxiLBClient, LoxiLBClientMethod>(this, CLIENT_METHODS);
  }

  // ---- load-balancer rules ----------------------------------------------------------------------

  /**
   * `POST /config/loadbalancer`: create the rule, or reconcile an existing one with the same key.
   * `"unchanged"` when loxilb answers `409 lbrule-exists error` (nothing it compares differs); other
   * 409s (e.g. `cant modify rule security mode`) reject.
   */
  createLoadBalancer(entry: LoadbalanceEntry): Promise<"applied" | "unchanged"> {
    return this.write(createLoadBalancerCall(entry), "createLoadBalancer", combineApplied);
  }

  /** `GET /config/loadbalancer/all` (loxilb lists rules in random order). */
  async listLoadBalancers(): Promise<LoadbalanceEntry[]> {
    return (await this.read(listLoadBalancersCall())).lbAttr;
  }

  /** The rule with this key (IPs compared canonically), from a full listing; undefined when absent. */
  async getLoadBalancerByService(
    ip: string,
    port: number,
    protocol: LbProtocol,
    opts: RuleLookupOptions = {},
  ): Promise<LoadbalanceEntry | undefined> {
    return findRule(await this.listLoadBalancers(), { externalIP: ip, port, protocol, ...opts });
  }

  /** Every rule whose `name` equals `name` (names are free labels, not unique). */
  async getLoadBalancerByName(name: string): Promise<LoadbalanceEntry[]> {
    return (await this.listLoadBalancers()).filter((r) => r.serviceArguments.name === name);
  }

  /** Delete one rule by key: `"deleted"`, or `"absent"` when loxilb answers 404 (`no-rule error`). */
  deleteLoadBalancerRule(
    ip: string,
    port: number,
    protocol: LbProtocol,
    opts: RuleDeleteOptions = {},
  ): Promise<"deleted" | "absent"> {
    const call = deleteLoadBalancerRuleCall(ip, port, protocol, opts);
    return this.write(call, "deleteLoadBalancerRule", combineDeleted);
  }

  /** Delete every rule named `name` (loxilb answers 200 even when none matched). */
  deleteLoadBalancerByName(name: string): Promise<void> {
    return this.write(deleteLoadBalancerByNameCall(name), "deleteLoadBalancerByName", combineVoid);
  }

  /** Delete every rule (loxilb answers 200 and only logs per-rule failures). */
  deleteAllLoadBalancers(): Promise<void> {
    return this.write(deleteAllLoadBalancersCall(), "deleteAllLoadBalancers", combineVoid);
  }

  // ---- per-instance rule access (HA convergence) ----------------------------------------------

  /**
   * The instances a rule must be on: every endpoint with `replication: "all"` (HA instances do not copy
   * rules to each other), else one entry, `undefined`, standing for the failover target.
   */
  ruleInstances(): Array<string | undefined> {
    return this.options.replication === "all" ? [...this.options.apiEndpoints] : [undefined];
  }

  /** `GET /config/loadbalancer/all` on one instance (`undefined`: the failover target). */
  async listLoadBalancersOn(instance: string | undefined): Promise<LoadbalanceEntry[]> {
    return (await this.on(instance, listLoadBalancersCall())).lbAttr;
  }

  /** {@link createLoadBalancer} on one instance (`undefined`: the failover target). */
  createLoadBalancerOn(
    instance: string | undefined,
    entry: LoadbalanceEntry,
  ): Promise<"applied" | "unchanged"> {
    return this.on(instance, createLoadBalancerCall(entry));
  }

  /** {@link deleteLoadBalancerRule} on one instance (`undefined`: the failover target). */
  deleteLoadBalancerRuleOn(
    instance: string | undefined,
    ip: string,
    port: number,
    protocol: LbProtocol,
    opts: RuleDeleteOptions = {},
  ): Promise<"deleted" | "absent"> {
    return this.on(instance, deleteLoadBalancerRuleCall(ip, port, protocol, opts));
  }

  // ---- metrics ------------------------------------------------------------------------------------

  /** `GET /metrics` parsed into samples; a 503 when loxilb runs without `--prometheus` (not retried). */
  getMetrics(): Promise<MetricSample[]> {
    return this.read(metricsCall());
  }

  /** `GET /metrics/lbrulecount`. */
  getLbRuleCountMetrics(): Promise<LbRuleCountMetrics> {
    return this.read(lbRuleCountCall());
  }

  /** `GET /metrics/lbprocessedtraffic`. */
  getLbProcessedTrafficMetrics(): Promise<LbProcessedTrafficMetrics> {
    return this.read(lbProcessedTrafficCall());
  }

  /** `GET /metrics/epdisttraffic`: traffic per endpoint, per service. */
  getEndpointDistributionTrafficMetrics(): Promise<EpDistTrafficMetrics> {
    return this.read(epDistTrafficCall());
  }

  /** `GET /metrics/servicedisttraffic`: traffic per service. */
  getServiceDistributionTrafficMetrics(): Promise<ServiceDistTrafficMetrics> {
    return this.read(serviceDistTrafficCall());
  }

  // ---- status and health ---------------------------------------------------------------------------

  /** `GET /status/process` and `GET /status/device` from the same failover target. */
  async getStatus(): Promise<{ process: ProcessStatus; device: DeviceInfo }> {
    const [process, device] = await Promise.all([
      this.read(processStatusCall()),
      this.read(deviceStatusCall()),
    ]);
    return { process, device };
  }

  /**
   * `GET /version` on every endpoint once, in parallel, without retries; refreshes the failover state.
   * Reports are in configured order, each endpoint named without user info.
   */
  healthCheck(): Promise<EndpointHealthReport[]> {
    return Promise.all(this.options.apiEndpoints.map((e) => this.checkOne(e)));
  }

  /** `GET /version` (no credentials needed). */
  getVersion(): Promise<VersionInfo> {
    return this.read(versionCall());
  }

  // ---- endpoint hosts and cluster -------------------------------------------------------------------

  /** `GET /config/endpoint/all`: probe hosts and their health. */
  async listEndpointHosts(): Promise<EndpointHostInfo[]> {
    return (await this.read(listEndpointHostsCall())).Attr;
  }

  /** `POST /config/endpoint`: create a probe host or update its options (replicated). */
  setEndpointHost(host: EndpointHost): Promise<void> {
    return this.write(setEndpointHostCall(host), "setEndpointHost", combineVoid);
  }

  /** `POST /config/endpointhoststate`: force a host `red` or clear it (replicated). */
  setEndpointHostState(state: EndpointHostState): Promise<void> {
    return this.write(setEndpointHostStateCall(state), "setEndpointHostState", combineVoid);
  }

  /** `GET /config/cistate/all`: HA state of the failover target. */
  async getClusterStates(): Promise<CIStatusGetEntry[]> {
    return (await this.read(clusterStatesCall())).Attr;
  }

  /**
   * `POST /config/cistate`. HA state is per instance, so this goes to the failover target only, even
   * with `replication: "all"` (making every instance MASTER would be wrong).
   */
  setClusterState(entry: CIStatusEntry): Promise<void> {
    return this.read(setClusterStateCall(entry));
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  /** Destroy the keep-alive agents (open sockets are closed). The client must not be used afterwards. */
  close(): void {
    for (const tr of this.transports.values()) tr.close();
  }

  /** Open sockets (busy + idle) per endpoint, for leak checks. */
  socketCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [e, tr] of this.transports) out[e] = agentSocketCount(tr.agent);
    return out;
  }

  private read<A>(call: ApiCall<A>): Promise<A> {
    return this.executor.failover(call);
  }

  private on<A>(instance: string | undefined, call: ApiCall<A>): Promise<A> {
    return instance === undefined ? this.executor.failover(call) : this.executor.withRetries(instance, call);
  }

  private write<A>(call: ApiCall<A>, operation: string, combine: (values: A[]) => A): Promise<A> {
    if (this.options.replication === "all") return this.executor.replicate(call, operation, combine);
    return this.executor.failover(call);
  }

  private async checkOne(endpoint: string): Promise<EndpointHealthReport> {
    const started = this.now();
    const transport = this.transports.get(endpoint) as EndpointTransport;
    try {
      const v = await transport.send(versionCall());
      this.executor.noteUp(endpoint);
      const version = v.version !== undefined ? { version: v.version } : {};
      return { endpoint: stripUserInfo(endpoint), up: true, ...version, latencyMs: this.now() - started };
    } catch (e) {
      if (!isLoxiLBError(e)) throw e;
      this.executor.noteDown(endpoint, e);
      return {
        endpoint: stripUserInfo(endpoint),
        up: false,
        latencyMs: this.now() - started,
        error: e.message,
      };
    }
  }
}
