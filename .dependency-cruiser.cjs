/**
 * The module-graph rules `npm run lint` checks (dependency-cruiser, which follows type-only imports
 * too, so a cycle through `import type` or `typeof import(...)` is seen):
 * - no import cycles anywhere;
 * - the program side (provider/program: the Pulumi classes) and the provider side
 *   (provider/resources: the handlers) meet only in provider/contracts and the modules below them,
 *   plus one type-only import: the serialized provider's type of the handlers' entry.
 * - the package (provider/) imports nothing from the tests, the harness, the bench or the demo.
 */
module.exports = {
  forbidden: [
    { name: "no-cycle", severity: "error", from: {}, to: { circular: true } },
    {
      name: "program-not-handlers",
      comment: "The classes reach the handlers only by package path, at run time (provider-shim.ts).",
      severity: "error",
      from: { path: "^provider/program/" },
      to: { path: "^provider/resources/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "program-types-of-entry-only",
      severity: "error",
      from: { path: "^provider/program/", pathNot: "^provider/program/provider-shim\\.ts$" },
      to: { path: "^provider/resources/" },
    },
    {
      name: "handlers-not-program",
      severity: "error",
      from: { path: "^provider/(resources|contracts|rules|translate|api|octavia|runtime)/" },
      to: { path: "^provider/program/" },
    },
    {
      name: "package-self-contained",
      severity: "error",
      from: { path: "^provider/" },
      to: { path: "^(test|harness|bench|demo|examples|conformance|tools)/" },
    },
    {
      name: "tools-not-tests",
      comment: "The harness, bench, demo and tools import nothing from test/.",
      severity: "error",
      from: { path: "^(harness|bench|demo|tools)/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/|^test/fixtures/module-graph/" },
  },
};
