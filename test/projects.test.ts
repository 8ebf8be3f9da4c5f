// The unit project stays pure and in-process, so `npm run test:unit` stays a one-minute loop:
// a unit test file that starts a child process, a sync server, PostgreSQL/Redis, a speech
// engine or an audio device belongs in `integrationTests` (test/projects.ts).
import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { integrationTests, testFiles } from './projects';
import { repoRoot } from './helpers';

const all = globSync(testFiles, { cwd: repoRoot, ignore: ['node_modules/**', 'out/**'] }).sort();
const integration = new Set(globSync(integrationTests, { cwd: repoRoot, ignore: ['node_modules/**', 'out/**'] }));
const unit = all.filter((f) => !integration.has(f));

/** What makes a test file an integration test, as found in its source. */
const outOfProcess: [RegExp, string][] = [
  [/^import [^\n]* from ['"](node:)?child_process['"]/m, 'starts child processes'],
  [/\b(startServer|startSyncServer|startEmbedded\w*|startServices|startPostgres|startRedis)\s*\(/, 'starts a sync server or its databases'],
  [/^import [^\n]* from ['"][./]*(asr\/)?(pocketsphinx-engine|whisper-engine)['"]|openWhisper(Engine|Context)\s*\(|openPocketsphinxEngine\s*\(/m, 'opens a speech engine'],
  [/^import [^\n]* from ['"](naudiodon|[./]*native\/audio\/[^'"]*|[./]*audio\/devices)['"]|openDeviceSource\s*\(/m, 'opens an audio device'],
  [/\b(randomWhisperModel|echoFixtures)\s*\(/, 'generates fixtures with python, espeak-ng or sox'],
  [/^import [^\n]* from ['"](@playwright\/test|playwright)['"]/m, 'drives a browser'],
];

describe('test projects', () => {
  it('every test file is found, and every integration entry names files', () => {
    expect(all.length).toBeGreaterThan(60);
    for (const pattern of integrationTests) expect(globSync([pattern], { cwd: repoRoot }).length, pattern).toBeGreaterThan(0);
  });

  it.each(unit)('unit file %s runs in-process only', (file) => {
    const src = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    const found = outOfProcess.filter(([re]) => re.test(src)).map(([, why]) => why);
    expect(found, `${file} ${found.join(', ')}: list it in integrationTests (test/projects.ts)`).toEqual([]);
  });
});
