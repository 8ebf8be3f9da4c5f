import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { getCallDetail, listCalls } from './call-queries';
import { exportCall } from './export-calls';
import { importDeps, importRecording, type ImportDeps } from './import-job';
import { createImportUploads } from './import-uploads';
import { WaveFile } from 'wavefile';
import { all, first } from '../store/query';

const dir = path.resolve(__dirname, '../../../test/fixtures/recordings');
const script = JSON.parse(fs.readFileSync(path.join(dir, 'call-en.script.json'), 'utf8')) as { utterances: { speaker: string; text: string }[] };
const bytesOf = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const request = (name: string) => ({ bytes: bytesOf(name), fileName: name, engine: 'reference' as const, scriptFile: path.join(dir, 'call-en.script.json'), language: 'en' as const });

let core: Core;
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesedge-import-'));
  core = createCore({ dataDir });
});
afterEach(async () => {
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const rowCounts = () =>
  Object.fromEntries((['calls', 'segments', 'sentiment', 'detections', 'hints'] as const).map((t) => [t, first(core.store, core.store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')))!.n]));

describe('importRecording (real pipeline, reference transcript engine)', () => {
  it.each(['call-en.wav', 'call-en.mp3', 'call-en.m4a'])('import %s → detail → export round trip', async (file) => {
    const phases: string[] = [];
    let last = 0;
    const { callId } = await importRecording(core, request(file), {
      onProgress: (phase, f) => {
        phases.push(phase);
        expect(f).toBeGreaterThanOrEqual(last);
        last = f;
      },
    });
    expect(phases[0]).toBe('decoding');
    expect(phases).toContain('transcribing');
    expect(last).toBe(1);

    const detail = getCallDetail(core.store, callId);
    expect(detail.call.title).toBe('call-en');
    expect(detail.call.source).toBe('import');
    // Stereo: left channel = rep, right = customer, in the script's order.
    expect(detail.segments.map((s) => s.speaker)).toEqual(script.utterances.map((u) => u.speaker));
    expect(detail.segments.map((s) => s.text)).toEqual(script.utterances.map((u) => u.text));
    expect(detail.metrics.talkRatio).toBeGreaterThan(0);
    // The NLP layer ran on the customer's lines: the price objection and Salesforce are marked.
    expect(detail.markers.filter((m) => m.kind === 'objection').map((m) => m.value)).toContain('price');
    expect(detail.markers.filter((m) => m.kind === 'competitor').map((m) => m.value)).toContain('salesforce');
    expect(detail.sentiment.length).toBeGreaterThan(0);
    expect(listCalls(core.store, { query: 'proposal' }).items.map((i) => i.id)).toEqual([callId]);

    const json = JSON.parse(exportCall(core.store, callId, 'json').content) as { call: { id: string }; segments: unknown[]; summary: { language: string } };
    expect(json.call.id).toBe(callId);
    expect(json.segments).toEqual(JSON.parse(JSON.stringify(detail.segments)));
    expect(json.summary.language).toBe('en');
    const md = exportCall(core.store, callId, 'md').content;
    for (const u of script.utterances) expect(md).toContain(u.text);
    const csv = exportCall(core.store, callId, 'csv').content.trim().split('\r\n');
    expect(csv).toHaveLength(1 + script.utterances.length);
    expect(csv[2]).toContain(',customer,');
  });

  it('without a transcript the ASR layer recognises the speech itself (pocketsphinx, English)', async () => {
    const { callId } = await importRecording(core, { bytes: bytesOf('call-en.flac'), fileName: 'call-en.flac', language: 'en', engine: 'pocketsphinx' });
    const detail = getCallDetail(core.store, callId);
    expect(detail.segments.length).toBeGreaterThanOrEqual(3);
    expect(new Set(detail.segments.map((s) => s.speaker))).toEqual(new Set(['rep', 'customer']));
    expect(detail.segments.every((s) => s.text.trim().length > 0)).toBe(true);
  }, 180_000);

  it('a bad file fails with a clear error and writes nothing', async () => {
    await expect(importRecording(core, request('not-audio.wav'))).rejects.toThrow('cannot import not-audio.wav: not a supported recording');
    await expect(importRecording(core, request('truncated.wav'))).rejects.toThrow(/^cannot import truncated\.wav/);
    expect(rowCounts()).toEqual({ calls: 0, segments: 0, sentiment: 0, detections: 0, hints: 0 });
  });

  it('a failure half-way (the recogniser dies) removes the call and everything it wrote', async () => {
    const real = importDeps();
    let n = 0;
    const deps: ImportDeps = {
      ...real,
      openAsr: async (c, opened, o) => {
        const asr = await real.openAsr(c, opened, o);
        return { ...asr, transcribe: async (samples, opts) => (++n >= 3 ? Promise.reject(new Error('recogniser crashed')) : asr.transcribe(samples, opts)), close: () => asr.close() };
      },
    };
    await expect(importRecording(core, request('call-en.wav'), { deps })).rejects.toThrow('recogniser crashed');
    expect(n).toBeGreaterThanOrEqual(3);
    expect(rowCounts()).toEqual({ calls: 0, segments: 0, sentiment: 0, detections: 0, hints: 0 });
  });

  it('cancel during transcription removes the call', async () => {
    const ctrl = new AbortController();
    let started = false;
    const promise = importRecording(core, request('call-en.wav'), {
      signal: ctrl.signal,
      onProgress: (phase) => {
        if (phase === 'transcribing' && !started) {
          started = true;
          ctrl.abort();
        }
      },
    });
    await expect(promise).rejects.toThrow('import of call-en.wav was cancelled');
    expect(started).toBe(true);
    expect(rowCounts()).toEqual({ calls: 0, segments: 0, sentiment: 0, detections: 0, hints: 0 });
  });
});

describe('recordings with nothing to import', () => {
  it('a 0-byte file is empty (not "not a supported recording"), here and from the UI', async () => {
    await expect(importRecording(core, { ...request('call-en.wav'), bytes: new Uint8Array(0), fileName: 'empty.wav' })).rejects.toMatchObject({
      message: 'cannot import empty.wav: the file is empty (0 bytes)',
      notice: { key: 'import.empty', params: { file: 'empty.wav' } },
    });
    expect(() => createImportUploads(core).start('empty.wav', 0)).toThrow('cannot import empty.wav: the file is empty (0 bytes)');
    expect(fs.existsSync(path.join(dataDir, 'imports')) ? fs.readdirSync(path.join(dataDir, 'imports')) : []).toEqual([]);
  });

  it('a recording with no speech says so and stores no call', async () => {
    const wav = new WaveFile();
    wav.fromScratch(2, 16_000, '16', [new Int16Array(16_000 * 2), new Int16Array(16_000 * 2)]);
    const bytes = new Uint8Array(wav.toBuffer());
    await expect(importRecording(core, { ...request('call-en.wav'), bytes, fileName: 'silence.wav' })).rejects.toMatchObject({
      message: 'no speech found in silence.wav: nothing was imported',
      notice: { key: 'import.noSpeech', params: { file: 'silence.wav' } },
    });
    expect(rowCounts()).toEqual({ calls: 0, segments: 0, sentiment: 0, detections: 0, hints: 0 });
    // Nothing of it waits to be uploaded (a delete tombstone is harmless: see delete-call.ts).
    expect(all(core.store, core.store.db.selectFrom('sync_outbox').select('op_id').where('op', '<>', 'delete'))).toHaveLength(0);
  });
});

describe('UI uploads (base64 chunks over the contract)', () => {
  it('receives chunks in order, reports progress and refuses gaps; cancel removes the spool file', () => {
    const uploads = createImportUploads(core);
    const bytes = Buffer.from(bytesOf('call-en.mp3'));
    const { jobId } = uploads.start('call-en.mp3', bytes.length);
    const spool = path.join(dataDir, 'imports', `${jobId}.part`);
    expect(fs.existsSync(spool)).toBe(true);
    expect(uploads.chunk(jobId, 0, bytes.subarray(0, 1000).toString('base64'))).toEqual({ received: 1000 });
    expect(() => uploads.chunk(jobId, 5000, bytes.subarray(5000, 6000).toString('base64'))).toThrow('chunk at byte 5000 but 1000 bytes were received so far');
    expect(() => uploads.finish(jobId, { language: 'auto' })).toThrow(`call-en.mp3: received 1000 of ${bytes.length} bytes`);
    expect(uploads.cancel(jobId)).toBe(true);
    expect(fs.existsSync(spool)).toBe(false);
    expect(() => uploads.chunk(jobId, 1000, 'AAAA')).toThrow(`no import in progress with id ${jobId}`);
  });

  it('a whole upload of a non-audio file ends in a failed event and no call', async () => {
    const uploads = createImportUploads(core);
    const events: { phase: string; error: string | null }[] = [];
    core.events.on('calls.import.progress', (p) => events.push(p));
    // A list loaded while the import ran may show its (now deleted) call: it is told to reload.
    const changed: unknown[] = [];
    core.events.on('calls.changed', (p) => changed.push(p));
    const bytes = Buffer.from(bytesOf('not-audio.wav'));
    const { jobId } = uploads.start('not-audio.wav', bytes.length);
    uploads.chunk(jobId, 0, bytes.toString('base64'));
    await uploads.finish(jobId, { language: 'auto' }).done;
    expect(events.at(-1)).toMatchObject({ phase: 'failed', error: 'cannot import not-audio.wav: not a supported recording (WAV, MP3, M4A/AAC, OGG or FLAC)', notice: { key: 'import.unsupported', params: { file: 'not-audio.wav' } } });
    expect(fs.readdirSync(path.join(dataDir, 'imports'))).toEqual([]);
    expect(rowCounts().calls).toBe(0);
    expect(changed).toEqual([{ id: null }]);
  });
});
