/**
 * A scenario: a program, its config and a list of operations (with config or program changes and
 * out-of-band changes to LoxiLB between them), run the same way through one engine against its own
 * fresh emulators.
 */
import { startEmulator } from "../../../provider/emulator";
import type { LoxilbEmulator } from "../../../provider/emulator/types";
import type { EngineRun } from "./compare";
import { CliEngine, HarnessEngine, type ComparedEngine, type Operation } from "./engines";

export interface ScenarioStep {
  readonly label: string;
  readonly op: Operation;
  /** Config keys set before the operation (plain values). */
  readonly config?: Record<string, string>;
  /** The program's argument, from the emulators' URLs (none: the program reads config). */
  readonly args?: (urls: readonly string[]) => unknown;
  /** Done to LoxiLB before the operation (an out-of-band change). */
  readonly before?: (emulators: readonly LoxilbEmulator[]) => Promise<void>;
}

export interface Scenario {
  readonly name: string;
  readonly project: string;
  /** The compiled program module (a harness-shaped program, see ../README.md). */
  readonly programPath: string;
  /** LoxiLB instances (each engine gets its own). */
  readonly emulators: number;
  readonly config: (urls: readonly string[]) => Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly steps: readonly ScenarioStep[];
}

/** Run a scenario through one engine; the package root resolves the program's imports. */
export async function runScenario(
  engine: ComparedEngine["name"],
  scenario: Scenario,
  root: string,
): Promise<EngineRun & { readonly ms: number }> {
  const started = Date.now();
  const emulators = await Promise.all(Array.from({ length: scenario.emulators }, () => startEmulator({})));
  const urls = emulators.map((e) => e.url);
  const setup = {
    root,
    project: scenario.project,
    stack: "compare",
    programPath: scenario.programPath,
    config: scenario.config(urls),
    secrets: scenario.secrets,
  };
  let e: ComparedEngine | undefined;
  try {
    e = engine === "cli" ? await CliEngine.start(setup) : await HarnessEngine.start(setup);
    const steps = [];
    for (const s of scenario.steps) {
      if (s.config) await e.setConfig(s.config);
      if (s.before) await s.before(emulators);
      steps.push({ label: s.label, record: await e.run(s.op, s.args?.(urls)) });
    }
    return { engine, emulators: urls, steps, ms: Date.now() - started };
  } finally {
    await e?.close();
    await Promise.all(emulators.map((x) => x.close()));
  }
}
