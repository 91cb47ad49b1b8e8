/**
 * Convergence instances served by loxilb-peer (loxilb v0.9.8's own REST server and rule manager,
 * no datapath; conformance/targets.ts starts it) instead of the emulator. Each peer sits behind a
 * small recording proxy on 127.0.0.1, whose URL the program is given: the proxy logs the requests
 * (the oracle counts writes and DELETEs) and keeps its URL across a restart of the peer behind it.
 * The peer shows no fields GET hides, so those are not compared (`hidden` undefined).
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { startPeerTarget, type Target } from "../../conformance/targets";
import { deletedKey, keyOfSa, viewOf, type HeldRule, type Instances } from "./instances";
import { asText } from "../helpers/text";

type Bag = Record<string, unknown>;

interface Logged {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The `result` of a 200 JSON answer other than `Success` (v0.9.8 answers every handler error so). */
  readonly legacyError?: string;
}

function legacyErrorOf(status: number, body: string): string | undefined {
  if (status !== 200) return undefined;
  try {
    const result = (JSON.parse(body) as Bag)["result"];
    return typeof result === "string" && result !== "Success" ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Forwards every request to `target().url` and logs what it forwarded. */
class RecordingProxy {
  readonly log: Logged[] = [];
  private readonly server: http.Server;

  constructor(private readonly target: () => string) {
    this.server = http.createServer((req, res) => this.forward(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const up = http.request(
      `${this.target()}${req.url ?? "/"}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          const status = answer.statusCode ?? 502;
          const body = Buffer.concat(chunks);
          const legacyError = legacyErrorOf(status, body.toString("utf8"));
          const entry = { method: req.method ?? "GET", path: req.url ?? "/", status };
          this.log.push(legacyError === undefined ? entry : { ...entry, legacyError });
          res.writeHead(status, answer.headers);
          res.end(body);
        });
      },
    );
    up.on("error", () => res.socket?.destroy());
    req.pipe(up);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function getJson(url: string): Promise<Bag> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as Bag;
}

export class PeerSet implements Instances {
  /** Over every closed set: how often each handler error came back as HTTP 200 (for the test's log). */
  static readonly legacyErrorTally = new Map<string, number>();
  private marks: number[];

  private constructor(
    private readonly peers: Target[],
    private readonly proxies: RecordingProxy[],
    readonly urls: string[],
  ) {
    this.marks = peers.map(() => 0);
  }

  /** `count` fresh peers, each behind its own proxy. */
  static async start(count: number): Promise<PeerSet> {
    const peers = await Promise.all(Array.from({ length: count }, () => startPeerTarget()));
    const proxies = peers.map((_, i) => new RecordingProxy(() => set.peers[i]!.url));
    const set: PeerSet = new PeerSet(peers, proxies, await Promise.all(proxies.map((p) => p.listen())));
    return set;
  }

  get count(): number {
    return this.peers.length;
  }

  async liveRules(i: number): Promise<Bag[]> {
    const body = await getJson(`${this.peers[i % this.count]!.url}/netlox/v1/config/loadbalancer/all`);
    return (body["lbAttr"] as Bag[] | null) ?? [];
  }

  async held(i: number): Promise<HeldRule[]> {
    return (await this.liveRules(i))
      .map((r) => {
        const sa = r["serviceArguments"] as Bag;
        return { key: keyOfSa(sa), name: asText(sa["name"]), view: viewOf(r) };
      })
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /** loxilb shows probe timing only per probe host, not per rule: a drift re-POST carries none. */
  probeTiming(): Promise<Bag> {
    return Promise.resolve({});
  }

  /** SIGTERM (loxilb deletes its rules), then a fresh peer behind the same proxy URL. */
  async restart(i: number): Promise<void> {
    const at = i % this.count;
    await this.peers[at]!.stop();
    this.peers[at] = await startPeerTarget();
    this.marks[at] = this.proxies[at]!.log.length;
  }

  /** Every handler error the peers answered the v0.9.8 way (HTTP 200 `{"result":"<error>"}`), in order. */
  legacyErrors(): string[] {
    return this.proxies.flatMap((p) =>
      p.log.flatMap((r) => (r.legacyError === undefined ? [] : [r.legacyError])),
    );
  }

  mark(): void {
    this.marks = this.proxies.map((p) => p.log.length);
  }

  private sinceMark(): Logged[][] {
    return this.proxies.map((p, i) => p.log.slice(this.marks[i]));
  }

  deletesSinceMark(): string[][] {
    return this.sinceMark().map((l) => l.filter((r) => r.method === "DELETE").map((r) => deletedKey(r.path)));
  }

  writesSinceMark(): string[][] {
    return this.sinceMark().map((l) =>
      l.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
    );
  }

  async close(): Promise<void> {
    for (const e of this.legacyErrors())
      PeerSet.legacyErrorTally.set(e, (PeerSet.legacyErrorTally.get(e) ?? 0) + 1);
    await Promise.all(this.proxies.map((p) => p.close()));
    await Promise.all(this.peers.map((p) => p.stop()));
  }
}
