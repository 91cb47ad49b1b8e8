#!/usr/bin/env node
/**
 * `pulumi-loxilb review [--config <file>] [--state] [<preview.json>]`: prints the Markdown review of
 * a `pulumi preview --json` document (stdin when no file). Bad arguments exit 2, bad input 1, each
 * with a message naming what is wrong.
 */
import * as fs from "fs";
import { ConfigError } from "../api/errors";
import { parseReviewArgs, UsageError, USAGE, type ReviewArgs } from "./cli-args";
import { instancesOf, liveRules, parsePreviewDigest, renderReview, ruleReviews } from "./index";
import { connectionOptions, parseStackConfig } from "./stack-config";

function readInput(file: string | undefined): string {
  return fs.readFileSync(file ?? 0, "utf8");
}

async function review(args: ReviewArgs): Promise<string> {
  const reviews = ruleReviews(parsePreviewDigest(readInput(args.file), args.file ?? "stdin"));
  const config =
    args.configFile === undefined
      ? {}
      : parseStackConfig(fs.readFileSync(args.configFile, "utf8"), args.configFile);
  let options;
  try {
    options = connectionOptions(config, process.env);
  } catch (e) {
    if (!(e instanceof ConfigError) || args.state) throw e;
  }
  const live =
    args.state && options !== undefined
      ? await liveRules(
          options,
          reviews.map((r) => r.key),
        )
      : undefined;
  return renderReview(reviews, { instances: options && instancesOf(options), live });
}

async function main(): Promise<void> {
  let args: ReviewArgs;
  try {
    args = parseReviewArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`pulumi-loxilb: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  process.stdout.write(await review(args));
}

main().catch((e: unknown) => {
  process.stderr.write(`pulumi-loxilb review: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
