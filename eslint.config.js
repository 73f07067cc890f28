// ESLint flat config. Layer boundaries (STYLE.md): ui → store → core, adapters → core;
// core imports none of them and touches no browser global.
import js from "@eslint/js"
import tseslint from "typescript-eslint"

const browserGlobals = [
  "chrome",
  "browser",
  "window",
  "document",
  "navigator",
  "localStorage",
  "fetch",
  "XMLHttpRequest"
].map((name) => ({ name, message: "src/core is pure: inject this capability from an adapter instead." }))

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      ".plasmo/",
      "dist/",
      "coverage/",
      ".e2e-artifacts/",
      "bench-out/",
      "tests/fixtures/"
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        Buffer: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        performance: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        atob: "readonly",
        btoa: "readonly",
        window: "readonly",
        document: "readonly",
        navigator: "readonly",
        chrome: "readonly",
        globalThis: "readonly"
      }
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error"
    }
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...browserGlobals],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/adapters/**", "**/store/**", "**/ui/**", "**/tabs/**", "**/cli/**", "**/lab/**"],
              message: "core imports nothing outside src/core."
            },
            {
              group: [
                "react",
                "react-dom",
                "zustand",
                "zustand/*",
                "plasmo",
                "webextension-polyfill",
                "node:*"
              ],
              message: "core is plain TypeScript: no React, zustand, plasmo, browser or Node APIs."
            }
          ],
          // Exact module names: as patterns, "http" would also match core's own `../http/…` folder.
          paths: ["fs", "path", "http", "https", "url", "buffer"].map((name) => ({
            name,
            message: "core is plain TypeScript: no Node APIs."
          }))
        }
      ]
    }
  },
  {
    files: ["src/store/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/ui/**", "**/tabs/**", "react", "react-dom", "webextension-polyfill"],
              message: "the store depends on core and adapter ports only."
            }
          ]
        }
      ]
    }
  },
  {
    files: ["src/ui/**/*.ts", "src/ui/**/*.tsx"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "chrome", message: "UI gets capabilities injected by the composition root." },
        { name: "browser", message: "UI gets capabilities injected by the composition root." }
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/adapters/**", "webextension-polyfill"],
              message: "UI never touches adapters or browser APIs: the composition root injects them."
            }
          ]
        }
      ]
    }
  },
  {
    files: ["src/adapters/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/ui/**", "**/store/**", "react"], message: "adapters depend on core only." }
          ]
        }
      ]
    }
  }
)
