/**
 * The public contract of the LoxiLB API emulator (`pulumi-loxilb/emulator`). Tests, the demo, the
 * benchmarks and users' CI code against these types; the implementation may grow, not break them.
 */
import type { LoadbalanceEntryWire } from "../api/model";

export interface EmulatorTlsOptions {
  /** PEM server certificate and key. */
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** PEM CA bundle; when given, clients must present a certificate it signed (mTLS, like `--tls-ca`). */
  readonly ca?: string | Buffer;
  /** HTTPS port; 0 (default) picks an ephemeral port. loxilb's default is 8091. */
  readonly port?: number;
}

export interface StartEmulatorOptions {
  /** Listen address. Default `127.0.0.1`. */
  readonly host?: string;
  /** Plain-HTTP port. Default 0 (ephemeral) when started programmatically; the CLI defaults to 11111. */
  readonly port?: number;
  /** Serve HTTPS too (the HTTP listener stays up, as in loxilb). */
  readonly tls?: EmulatorTlsOptions;
  /** Manual-token auth (`--manualtoken`): `Authorization` must equal this string exactly. */
  readonly token?: string;
  /** User-service auth: enables `POST /auth/login`; tokens it issues are accepted in `Authorization`. */
  readonly users?: Readonly<Record<string, string>>;
  /** Answer handler errors the pre-v0.9.8.5 way: HTTP 200 `{"result":"<error>"}`. */
  readonly legacyErrors?: boolean;
  /** Serve `/metrics` (otherwise 503 `Prometheus option is disabled.`). */
  readonly prometheus?: boolean;
  /** Persist rules (and probe hosts) here, written atomically after each change; loaded at start. */
  readonly stateFile?: string;
  /** Rule capacity before `403 rule-hwm error`. Default 2048 (loxilb's `RtMaximumLbs`). */
  readonly maxRules?: number;
  /** Version string reported by `GET /version`. */
  readonly version?: string;
  /** Clock for request timestamps and the rule-absent timeline (ms since epoch). Default `Date.now`. */
  readonly now?: () => number;
}

/** Which requests a fault applies to. Omitted fields match anything. */
export interface RouteMatch {
  /** HTTP method, e.g. `POST`. */
  readonly method?: string;
  /** Path below `/netlox/v1` (e.g. `/config/loadbalancer`), as an exact string or a pattern. */
  readonly path?: string | RegExp;
}

export interface FaultControls {
  /** Answer the next `count` (default 1) matching requests with `status` (and an optional body and Retry-After). */
  failNext(
    match: RouteMatch,
    opts: {
      readonly status: number;
      readonly count?: number;
      readonly body?: unknown;
      readonly retryAfterSeconds?: number;
    },
  ): void;
  /** Delay matching requests by `ms` (the next `count`, or all until cleared when count is omitted). */
  addLatency(match: RouteMatch, ms: number, count?: number): void;
  /** Destroy the connection of the next `count` matching requests without answering. */
  resetNext(match: RouteMatch, count?: number): void;
  /** Never answer the next `count` matching requests (until the emulator closes or faults are cleared). */
  hangNext(match: RouteMatch, count?: number): void;
  /** How many requests `hangNext` holds now (a test can wait for a request to arrive). */
  held(): number;
  /** Stop accepting connections (clients see ECONNREFUSED) until {@link up}. State is kept. */
  down(): Promise<void>;
  /** Listen again on the same port(s). */
  up(): Promise<void>;
  /** Remove every pending fault and release hung requests. */
  clear(): void;
}

export interface RequestLogEntry {
  readonly method: string;
  /** Path including `/netlox/v1` and the query string. */
  readonly path: string;
  readonly status: number;
  /** Parsed JSON request body, or the raw text when it is not JSON, or undefined. */
  readonly body?: unknown;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** Per rule key, the intervals during which the rule did not exist after it was first created. */
export interface AbsentInterval {
  readonly key: string;
  readonly from: number;
  /** Undefined while the rule is still absent. */
  readonly to?: number;
}

/** Simulated traffic through a rule, so counters and metrics move. */
export interface TrafficSpec {
  readonly externalIP: string;
  readonly port: number;
  readonly protocol: "tcp" | "udp" | "sctp" | "icmp";
  readonly packets: number;
  readonly bytes: number;
  /** Client source IP for per-client metrics. Default `198.51.100.1`. */
  readonly sourceIP?: string;
}

export interface EmulatorHandle {
  /** Base URL of the plain-HTTP listener, e.g. `http://127.0.0.1:40123` (no `/netlox/v1`). */
  readonly url: string;
  readonly port: number;
  /** Base URL of the HTTPS listener when TLS is on. */
  readonly tlsUrl?: string;
  readonly tlsPort?: number;
  /** Stop both listeners and release hung requests. */
  close(): Promise<void>;
  /** The rules as `GET /config/loadbalancer/all` would list them (tombstones hidden). */
  rules(): LoadbalanceEntryWire[];
  /** Every request served so far, in arrival order. */
  requests(): RequestLogEntry[];
  /** Forget the request log. */
  clearRequests(): void;
  readonly faults: FaultControls;
  /** Drive traffic through a rule: endpoint counters, `/metrics` and the JSON metrics move. */
  traffic(spec: TrafficSpec): void;
  /** Rule-absent intervals, for every key or one key (formatted as `formatRuleKey`). */
  absentTimeline(key?: string): AbsentInterval[];
}

/**
 * What `startEmulator` actually returns: the {@link EmulatorHandle} contract plus emulator-only hooks.
 * (Additive: code typed against `EmulatorHandle` keeps working.)
 */
export interface LoxilbEmulator extends EmulatorHandle {
  /** Invalidate every token `/auth/login` issued; they answer 401 `token is expired` afterwards. */
  expireTokens(): void;
  /**
   * Set the probe result of the probe host `<ip>_<proto>_<port>` (no real probing happens). Rules with
   * `monitor` then report that endpoint `inactive` (`nok`) or `active` (`ok`). `proto` is the probe type
   * (`tcp`, `udp`, `sctp`, `ping`, ...), `port` the probe port (the endpoint's `targetPort` by default).
   */
  setProbeResult(ip: string, port: number, proto: string, result: "ok" | "nok"): void;
}
