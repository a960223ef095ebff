import { defineConfig } from 'vitest/config';

// End-to-end: real spark-submit, real Iceberg tables, the sample API on 127.0.0.1, tmux. One file at a time:
// the machine has two cores and each stage is a JVM.
export default defineConfig({
  test: {
    setupFiles: ['test/fixtures/isolated-locks.ts'],
    include: ['test/e2e/**/*.e2e.test.{ts,tsx}'],
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
