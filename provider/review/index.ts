/**
 * `pulumi-loxilb review`: what a `pulumi preview --json` will do to each LoxiLB rule, as Markdown
 * for a pull-request comment (docs/review.md). Pure apart from {@link liveRules}.
 */
import { formatRuleKey, ruleKeyOf } from "../api/model";
import { LoxiLBClient } from "../api/client";
import type { LoxiLBClientOptions } from "../api/options";
import { parsePreviewDigest } from "./preview-json";
import { renderReview, type Instances, type LiveRule, type RenderOptions } from "./render";
import { ruleReviews } from "./rule-changes";

export { parsePreviewDigest } from "./preview-json";
export { ruleReviews, type RuleReview } from "./rule-changes";
export { renderReview, RECREATE_ABSENCE, type Instances, type LiveRule } from "./render";

/** The review of a `pulumi preview --json` document. */
export function reviewPreview(previewJson: string, opts: RenderOptions = {}): string {
  return renderReview(ruleReviews(parsePreviewDigest(previewJson)), opts);
}

/** The instances a connection reaches (URLs only; tokens never leave the options). */
export function instancesOf(options: LoxiLBClientOptions): Instances {
  return {
    endpoints: [...options.apiEndpoints],
    replication: options.replication === "all" ? "all" : "failover",
  };
}

/**
 * The live rules of `keys`, read from the first instance that answers (`GET /config/loadbalancer/all`,
 * decoded by the client). Throws when no instance answers.
 */
export async function liveRules(
  options: LoxiLBClientOptions,
  keys: readonly string[],
): Promise<Map<string, LiveRule>> {
  let lastError: unknown;
  for (const instance of options.apiEndpoints) {
    try {
      const client = new LoxiLBClient({ ...options, apiEndpoints: [instance], apiRetries: 0 });
      const rules = await client.listLoadBalancers();
      const byKey = new Map(rules.map((r) => [formatRuleKey(ruleKeyOf(r.serviceArguments)), r]));
      return new Map(keys.map((k) => [k, { instance, rule: byKey.get(k) }]));
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(
    `--state: no LoxiLB instance answered: ${(lastError as Error | undefined)?.message ?? "none configured"}`,
  );
}
