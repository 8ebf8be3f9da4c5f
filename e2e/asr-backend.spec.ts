// Settings shows the speech-recognition backend the core probed (app.info.asrBackend), for real:
// the built CLI's serve-ui, the real whisper.cpp binding and pocketsphinx, Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotPath, startServeUi } from './serve-ui';

const repoRoot = path.resolve(__dirname, '..');

test('without a Whisper model, Settings names pocketsphinx and the command that adds Whisper', async ({ page }) => {
  const ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: '' } });
  try {
    await page.goto(`${ui.url}#/settings`);
    const line = page.getByText(/Backend in use: pocketsphinx en-us \(CPU\); whisper\.cpp ready \((CUDA|Vulkan|Metal|CPU [\w-]+)\), no model: salesedge models fetch base/);
    await expect(line).toBeVisible();
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('asr-backend-pocketsphinx') });
  } finally {
    await ui.stop();
  }
});

test('with a Whisper model, Settings shows whisper.cpp and its backend', async ({ page }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-e2e-asr-'));
  const model = path.join(tmp, 'ggml-tiny-random.bin');
  execFileSync('python3', [path.join(repoRoot, 'scripts/make-random-ggml.py'), 'tiny', model], { stdio: 'pipe' });
  const ui = await startServeUi({ env: { SALESEDGE_WHISPER_MODEL: model } });
  try {
    await page.goto(`${ui.url}#/settings`);
    const line = page.getByText(/Backend in use: whisper\.cpp tiny-random \((CUDA|Vulkan|Metal|CPU [\w-]+)\)$/);
    await expect(line).toBeVisible();
    await line.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('asr-backend-whisper') });
  } finally {
    await ui.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
