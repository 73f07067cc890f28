import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    // UI component tests opt in with `// @vitest-environment happy-dom` at their top.
    testTimeout: 20_000
  },
  esbuild: { jsx: "automatic" }
})
