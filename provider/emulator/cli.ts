#!/usr/bin/env node
/**
 * `loxilb-emulator`: runs the LoxiLB API emulator until SIGINT/SIGTERM. The first stdout line is the
 * HTTP base URL (the HTTPS one follows when TLS is on). Bad flags exit 2 with a message naming the flag.
 */
import { startEmulator } from "./index";
import { parseCliArgs, UsageError, USAGE } from "./cli-args";

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`loxilb-emulator: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emu = await startEmulator(parsed.options);
  process.stdout.write(`${emu.url}\n`);
  if (emu.tlsUrl !== undefined) process.stdout.write(`${emu.tlsUrl}\n`);
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`loxilb-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
