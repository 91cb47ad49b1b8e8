/** Render LoxiLB rules (as `GET /config/loadbalancer/all` lists them) as a text table for the demo. */
import { LbMode, LbSelect, type LoadbalanceEntryWire } from "../provider/api/model";
import { isRight } from "fp-ts/Either";

const nameOf = <T>(
  codec: { decode(u: unknown): import("fp-ts/Either").Either<unknown, T> },
  n: unknown,
  dflt: T,
) => {
  const r = codec.decode(n ?? 0);
  return isRight(r) ? r.right : dflt;
};

/** One line per rule: key, algorithm, NAT mode, monitor flag, endpoints with weight and state. */
export function rulesTable(rules: readonly LoadbalanceEntryWire[]): string {
  if (rules.length === 0) return "  (no rules)";
  const rows = [...rules]
    .map((r) => {
      const sa = r.serviceArguments;
      const key = `${sa.protocol ?? "tcp"}:${sa.externalIP}:${sa.port}`;
      const eps = (r.endpoints ?? [])
        .map((e) => `${e.endpointIP}:${e.targetPort} w${e.weight} ${e.state ?? "active"}`)
        .join(", ");
      return [
        key,
        nameOf(LbSelect, sa.sel, "rr"),
        nameOf(LbMode, sa.mode, "dnat"),
        sa.monitor === true ? "yes" : "no",
        eps,
      ];
    })
    .sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
  const header = ["rule key", "algorithm", "mode", "monitor", "endpoints"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => "  " + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
