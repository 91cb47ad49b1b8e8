/**
 * `HealthMonitor`'s provider side: its check (the monitor's args against its pool's and listener's),
 * its write (the rule its inputs declare) and its reads (whether the live rule probes, and how).
 * The class is in `program/health-monitor.ts`.
 */
import { randomUUID } from "crypto";
import type { LoadbalanceEntry } from "../api/model";
import { checkHealthMonitor } from "../octavia/check";
import { probeFor } from "../translate/rule";
import { healthMonitorContract, type HealthMonitorState } from "../contracts/health-monitor";
import { pick } from "../contracts/lifecycle";
import { knownParentSpecs, listenerSpecOf } from "./parent-specs";
import { defineHandlers, type Bag } from "./handler-kit";
import { keyText } from "./status-reads";
import { childRuleIds, declare, driftNote, noteDeclaration, rulesPerInstance, withdraw } from "./rule-access";
import { ruleActionForOwnChange } from "./rule-effects";

/** Provider-side handlers. */
export const healthMonitorHandlers = defineHandlers({
  contract: healthMonitorContract,
  label: (state) => `of ${keyText(state)}`,
  check(news, olds) {
    const { listener, pool } = knownParentSpecs(news);
    const r = checkHealthMonitor(pick(news, healthMonitorContract.ownKeys), {
      ...(listener !== undefined ? { listener } : {}),
      ...(pool !== undefined ? { pool } : {}),
    });
    noteDeclaration(news, childRuleIds(news));
    return {
      failures: r.ok ? [] : r.failures,
      extra: ruleActionForOwnChange("healthmonitor", healthMonitorContract.ownKeys, olds, news),
    };
  },
  async create(inputs) {
    const outcome = await declare(inputs, childRuleIds(inputs), [], {});
    return { id: randomUUID(), outs: status(inputs, outcome?.live) };
  },
  async update(_id, olds, news) {
    const outcome = await declare(news, childRuleIds(news), unseenOwnChanges(olds, news), {});
    return status(news, outcome?.live);
  },
  async read(_id, props) {
    const seen = await rulesPerInstance(props);
    const drift = monitorDrift(props, seen);
    return { ...status(props, seen[0]?.rule), ...drift };
  },
  async remove(_id, props) {
    // With the pool still declared, its declaration (without this monitor) is written; else nothing
    // of this monitor outlives the rule, which its pool or listener removes.
    await withdraw(props, childRuleIds(props), [], {});
  },
});

/** Probe timing is invisible in GET; this monitor's own record says whether it changed. */
function unseenOwnChanges(olds: HealthMonitorState, news: HealthMonitorState): string[] {
  const fields = ["delay", "maxRetriesDown"] as const;
  return fields.filter((f) => olds[f] !== news[f]).map((f) => `health monitor ${f}`);
}

function status(state: HealthMonitorState, rule: LoadbalanceEntry | undefined): Bag {
  const monitored = rule?.serviceArguments.monitor === true;
  const operatingStatus =
    state.adminStateUp === false ? "OFFLINE" : monitored || rule === undefined ? "ONLINE" : "ERROR";
  return { provisioningStatus: "ACTIVE", operatingStatus };
}

const TYPE_OF_PROBE: Record<string, string> = { tcp: "TCP", udp: "UDP-CONNECT", sctp: "SCTP", ping: "PING" };

/**
 * The monitor's facets as LoxiLB holds them, where they differ: whether the rule probes at all
 * (`adminStateUp`) and the probe type. An undrifted rule reads back as the inputs.
 */
function monitorDrift(
  props: HealthMonitorState,
  seen: ReadonlyArray<{ instance: string | undefined; rule: LoadbalanceEntry | undefined }>,
): Bag {
  const own = checkHealthMonitor(pick(props, healthMonitorContract.ownKeys), {});
  if (!own.ok || !own.known) return {};
  const listener = listenerSpecOf(props);
  const want = probeFor(listener, own.spec);
  const notes: string[] = [];
  const out: Bag = {};
  for (const { instance, rule } of seen) {
    if (rule === undefined) continue;
    const sa = rule.serviceArguments;
    if ((sa.monitor === true) !== want.monitor) {
      out["adminStateUp"] = sa.monitor === true;
      notes.push(
        driftNote(
          instance,
          `probing ${sa.monitor === true ? "on" : "off"}, declared ${want.monitor ? "on" : "off"}`,
        ),
      );
      continue;
    }
    const liveType = sa.probetype ?? "";
    const wantType = want.probetype ?? "";
    if (want.monitor && liveType !== "" && wantType !== "" && liveType !== wantType) {
      out["type"] = TYPE_OF_PROBE[liveType] ?? liveType;
      notes.push(driftNote(instance, `probe type ${liveType}, declared ${wantType}`));
    }
  }
  return { ...out, loxilbDrift: notes.length > 0 ? notes : undefined };
}
