/** Locate a rule by key in a `GET /config/loadbalancer/all` listing. */
import { ruleKeyOf, sameRuleKey, type LoadbalanceEntry, type RuleKey } from "../api/model";
import { canonicalIp } from "../api/ip";

/** The rule with `key` (IP literals compared canonically), or undefined. */
export function findRule(rules: readonly LoadbalanceEntry[], key: RuleKey): LoadbalanceEntry | undefined {
  const want = { ...key, externalIP: canonicalIp(key.externalIP) };
  return rules.find((r) => {
    const k = ruleKeyOf(r.serviceArguments);
    return sameRuleKey({ ...k, externalIP: canonicalIp(k.externalIP) }, want);
  });
}
