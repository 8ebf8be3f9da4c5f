import { describe, expect, it } from 'vitest';
import { describeAsrBackend } from './select-engine';
import { createReferenceEngine, createScriptedWhisperEngine } from './reference-engine';

const script = { title: 's', language: 'en' as const, utterances: [] };

describe('describeAsrBackend: the backend line in parts, for a UI to say in its own words', () => {
  it.each([
    ['whisper.cpp base (CPU avx2)', { engine: 'whisper.cpp base (CPU avx2)', script: null, whisperReady: null }],
    ['pocketsphinx en-us (CPU)', { engine: 'pocketsphinx en-us (CPU)', script: null, whisperReady: null }],
    [
      'pocketsphinx en-us (CPU); whisper.cpp ready (CPU avx2), no model: salesedge models fetch base',
      { engine: 'pocketsphinx en-us (CPU)', script: null, whisperReady: { device: 'CPU avx2', fix: 'salesedge models fetch base' } },
    ],
    ['none: whisper.cpp ready (CUDA), no model: salesedge models fetch base', { engine: null, script: null, whisperReady: { device: 'CUDA', fix: 'salesedge models fetch base' } }],
    ['none', { engine: null, script: null, whisperReady: null }],
  ])('%s', (line, parts) => {
    expect(describeAsrBackend(line)).toEqual(parts);
  });

  it('the reference engines: no recogniser, or Whisper with the script’s words', () => {
    const reference = createReferenceEngine(script);
    expect(describeAsrBackend(reference.backend)).toEqual({ engine: null, script: 'reference', whisperReady: null });
    const whisper = { ...reference, id: 'whisper' as const, backend: 'whisper.cpp tiny (CUDA)' };
    expect(describeAsrBackend(createScriptedWhisperEngine(whisper, script).backend)).toEqual({ engine: 'whisper.cpp tiny (CUDA)', script: 'whisper-script', whisperReady: null });
  });
});

describe('openAsrEngine: why there is no recogniser, for a UI', () => {
  it('a Portuguese call without a Whisper model says so, with the command (a notice the UI translates)', async () => {
    const { openAsrEngine } = await import('./select-engine');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-asr-'));
    try {
      await expect(openAsrEngine({ dataDir }, { language: 'pt', env: { ...process.env, SALESEDGE_WHISPER_MODEL: '', SALESEDGE_MODELS_DIR: path.join(dataDir, 'none') } })).rejects.toMatchObject({
        message: 'no Whisper model installed (run `salesedge models fetch base`); Portuguese needs Whisper',
        notice: { key: 'asr.noWhisperModelPt', params: { fix: 'salesedge models fetch base' } },
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
