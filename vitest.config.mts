import { defineConfig } from 'vitest/config';
import { integrationTests, testFiles } from './test/projects';

// Two projects, both in `npm test` (README: Tests):
// - unit: pure and in-process, the minute-long loop a change is checked with;
// - integration: real servers (sync server, PostgreSQL, Redis), speech engines, audio devices,
//   child processes (the built CLI, espeak-ng, qemu, dpdm). test/projects.test.ts keeps unit
//   files honest (no child processes, servers or engines) and every file in one project.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native addons (better-sqlite3, onnxruntime-node) are safest in forked processes.
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: testFiles, exclude: integrationTests, isolate: false } },
      { extends: true, test: { name: 'integration', include: integrationTests } },
    ],
  },
});
