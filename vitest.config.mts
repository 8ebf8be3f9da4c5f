import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'native/**/*.test.ts', 'models/**/*.test.ts', 'sync-server/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx', 'src-preload/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native addons (better-sqlite3, onnxruntime-node) are safest in forked processes.
    pool: 'forks',
  },
});
