// Lint gate for `npm test`: typescript-eslint's type-aware preset (recommendedTypeChecked) plus
// import hygiene. import/no-cycle skips type-only imports; the module-graph rules that see them
// (cycles through `import type` and `typeof import`, program side vs provider side) are in
// .dependency-cruiser.cjs, run by `npm run lint` after eslint.
import tseslint from "typescript-eslint";
import importPlugin from "eslint-plugin-import";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test/fixtures/swagger/**", "**/*.js", "**/*.mjs", "**/*.cjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ["**/*.ts"],
    plugins: { import: importPlugin },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: { "import/resolver": { node: { extensions: [".ts", ".js"] } } },
    rules: {
      "import/no-cycle": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-explicit-any": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Test doubles, the harness and the benchmarks' fixture providers implement async interfaces
    // (fetch, sleep, provider callbacks) with bodies that have nothing to await.
    files: ["test/**/*.ts", "harness/**/*.ts", "bench/fixtures/**/*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
);
