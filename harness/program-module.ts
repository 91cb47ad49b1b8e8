/**
 * What running a harness-shaped program module means (README.md): call its `default` (or `program`)
 * function with the args, whose object result is the stack outputs; or, for a plain Pulumi `main`
 * that ran when loaded, take its exports. Shared by the harness's runner and the real-CLI engine.
 */
export async function runProgramModule(mod: Record<string, unknown>, args: unknown): Promise<unknown> {
  const fn = typeof mod["default"] === "function" ? mod["default"] : mod["program"];
  if (typeof fn === "function") return (fn as (a: unknown) => unknown)(args);
  return Object.fromEntries(
    Object.entries(mod).filter(([k, v]) => k !== "__esModule" && typeof v !== "function"),
  );
}
