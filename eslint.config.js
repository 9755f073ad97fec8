// Lint rules beside Prettier's formatting: TypeScript checks, import cycles, over-long lines Prettier
// cannot break (comments), and the layer rules the folder names promise.
import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const HTTP_PACKAGES = ["hono", "hono/*", "@hono/*"];

export default tseslint.config(
  { ignores: ["node_modules/", "build/", ".wrangler/", "assembly/", "models/", "reports/", "splits/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.js"],
    plugins: { "@stylistic": stylistic, "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "@stylistic/max-len": [
        "error",
        { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // Tests read JSON answers whose shape is what they check.
    files: ["test/**/*.ts", "**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["functions/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/scripts/**", "**/test/**"],
              message: "functions/ is the worker: it never imports scripts/ or test/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Below api/ nothing knows HTTP: no Hono, no problem types, no request parsing.
    files: ["functions/{kernels,features,inference,models,species,device}/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [],
          patterns: [
            {
              group: ["**/scripts/**", "**/test/**"],
              message: "functions/ is the worker: it never imports scripts/ or test/.",
            },
            {
              group: ["**/api/**", ...HTTP_PACKAGES],
              message: "only functions/api/ knows HTTP; this layer must not import it.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/test/**"], message: "scripts/ never imports test/: shared fixtures live in scripts/lib/." },
          ],
        },
      ],
    },
  },
);
