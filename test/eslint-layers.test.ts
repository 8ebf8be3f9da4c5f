import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers';

// The layer rules of README.md's architecture map, proven against the real lint config: each forbidden import fails
// `npm run lint`, each allowed one passes.
const eslint = new ESLint({ cwd: repoRoot });

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer rules', () => {
  it.each([
    ['src-renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;"],
    ['src-renderer/src/x.ts', "import * as ort from 'onnxruntime-node';\nexport const a = ort;"],
    ['src-renderer/src/x.ts', "import naudiodon from 'naudiodon';\nexport const a = naudiodon;"],
    ['src-renderer/src/x.ts', "import { createCore } from '../../src-main/core/core';\nexport const a = createCore;"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['src-main/cli/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['sync-server/x.ts', "import { createCore } from '../src-main/core/core';\nexport const a = createCore;"],
    ['sync-server/x.ts', "import { App } from '../src-renderer/src/app';\nexport const a = App;"],
    ['src-shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-shared/x.ts', "import { createCore } from '../src-main/core/core';\nexport const a = createCore;"],
  ])('forbids in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(true);
  });

  it.each([
    ['src-renderer/src/x.ts', "import { requests } from '../../src-shared/ipc';\nexport const a = requests;"],
    ['src-main/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['src-shared/x.ts', "import { z } from 'zod';\nimport { requests } from './ipc';\nexport const a = [z, requests];"],
    ['sync-server/x.ts', "import { z } from 'zod';\nimport { requests } from '../src-shared/ipc';\nexport const a = [z, requests];"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(false);
  });
});
