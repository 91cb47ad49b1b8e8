/**
 * `npm run demo`: the quickstart stack on the embedded LoxiLB emulator: preview, up, a member
 * change, a no-op up and destroy, each with its change summary, the LoxiLB writes it made and the
 * resulting rules. Uses the pulumi CLI when installed, else the engine-faithful harness.
 */
import * as path from "path";
import { startEmulator } from "../provider/emulator";
import { cliDriver } from "./cli-driver";
import { harnessDriver } from "./harness-driver";
import { runSteps } from "./steps";

const ROOT = path.resolve(__dirname, "..", "..");

async function main(): Promise<void> {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const emulator = await startEmulator({});
  log(`LoxiLB emulator listening on ${emulator.url}`);
  let driver = await cliDriver(ROOT, emulator.url);
  if (driver === undefined) {
    log(
      "The pulumi CLI is not on PATH, so this demo drives the same program through the engine-faithful harness:\n" +
        "the real @pulumi/pulumi dynamic-provider host, called over gRPC the way the engine calls it.\n" +
        "Install the CLI (https://www.pulumi.com/docs/install/) to run it with `pulumi` itself.",
    );
    driver = await harnessDriver(ROOT, emulator.url);
  }
  log(`Running the quickstart stack (examples/quickstart) with ${driver.description}.`);
  try {
    await runSteps(driver, emulator, log);
    log("\nDone: the load balancer was created, changed in place and destroyed.");
  } finally {
    await driver.close();
    await emulator.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
