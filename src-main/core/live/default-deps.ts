/** The real audio, ASR and NLP layers behind the Live page, the CLI replay and the demo. */
import fs from 'node:fs';
import { CoreError } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';
import type { LiveSource } from '../../../src-shared/ipc/live';
import { createFileSource } from '../audio/file-source';
import { createDeviceSource } from '../audio/device-source';
import { listCaptureDevices } from '../audio/devices';
import { segmentSource } from '../audio/pipeline';
import { createReferenceEngine, createScriptedWhisperEngine, loadCallScript, scriptPathFor } from '../asr/reference-engine';
import type { AsrEngine } from '../asr/types';
import { transcribeStream } from '../asr/streaming';
import { openAsrEngine, whisperModelAvailable } from '../asr/select-engine';
import { createAnalyzerForCore } from './analyzer-for-core';
import type { CoreContext } from '../context';
import type { Analyzer } from '../nlp/types';
import type { Pipeline } from './call-session';
import { demoCall } from './demo-files';
import type { LiveDeps, LiveEngine, OpenedSource } from './live-manager';
import { LOOPBACK_DEVICE } from '../../../src-shared/ipc/audio';
import { mergeSources } from '../audio/merge-sources';
import { wavDurationMs } from '../audio/wav';
import type { Loopback } from '../audio/loopback';

const request = (chosen: string | null | undefined, saved: string | null): string | null => (chosen === undefined ? saved : chosen);

/** `loopback`: the core's system-audio feed from the Electron app (core.loopback); without it the app's capture is refused. */
export async function openLiveSource(core: Pick<CoreContext, 'settings'>, source: LiveSource, loopback?: Loopback): Promise<OpenedSource> {
  switch (source.kind) {
    case 'file': {
      if (!fs.existsSync(source.path)) throw new CoreError('bad_request', `no such recording: ${source.path}`, notice('live.noRecording', { path: source.path }));
      const script = scriptPathFor(source.path);
      return { source: await createFileSource(source.path, { realtime: source.realtime }), durationMs: wavDurationMs(source.path), scriptFile: fs.existsSync(script) ? script : undefined, realtime: source.realtime, kind: 'replay' };
    }
    case 'files': {
      for (const f of [source.mic, source.system]) if (!fs.existsSync(f)) throw new CoreError('bad_request', `no such recording: ${f}`, notice('live.noRecording', { path: f }));
      const script = scriptPathFor(source.system);
      return { source: await createFileSource({ mic: source.mic, system: source.system }, { realtime: source.realtime }), durationMs: wavDurationMs(source.system), scriptFile: fs.existsSync(script) ? script : undefined, realtime: source.realtime, kind: 'replay' };
    }
    case 'demo': {
      const demo = demoCall(source.language);
      const script = loadCallScript(demo.script);
      return { source: await createFileSource(demo.wav, { realtime: true }), durationMs: wavDurationMs(demo.wav), scriptFile: demo.script, language: source.language, realtime: true, kind: 'demo', title: script.title };
    }
    case 'devices': {
      // Names chosen on the Live page win; else the ones saved in Settings; null = the default input.
      const audio = core.settings().audio;
      const system = request(source.systemDevice, audio.systemDevice);
      if (system === LOOPBACK_DEVICE) {
        // The customer comes from the Electron app's system-audio capture, the rep from a device.
        if (!loopback) throw new CoreError('unavailable', 'system audio capture is not available in this build', notice('audio.notInBuild'));
        const mic = createDeviceSource({ mic: { device: request(source.micDevice, audio.micDevice) } });
        return { source: mergeSources(mic, loopback.open()), realtime: true, kind: 'live' };
      }
      const capture = createDeviceSource({ mic: { device: request(source.micDevice, audio.micDevice) }, system: { device: system } });
      return { source: capture, realtime: true, kind: 'live' };
    }
  }
}

/**
 * The recogniser for a live session: Whisper whenever a model is installed (the settings'
 * engine, or the one asked for); the reference engine when asked for, or for the demo when no
 * Whisper model is there; `whisper-script` (benchmarks) = Whisper's compute, the script's words.
 */
export async function openLiveAsr(core: CoreContext, opened: OpenedSource, options: { language: 'pt' | 'en' | 'auto'; engine?: LiveEngine }): Promise<AsrEngine> {
  const needScript = (what: string) => {
    if (!opened.scriptFile) throw new CoreError('bad_request', `${what} needs the call script next to the recording (NAME.script.json)`, notice('live.needsScript'));
    return loadCallScript(opened.scriptFile);
  };
  const settings = core.settings();
  if (options.engine === 'whisper-script') {
    const script = needScript('the whisper-script engine');
    const { engine: whisper } = await openAsrEngine(core, { engine: 'whisper', language: options.language, model: settings.asr.model });
    return createScriptedWhisperEngine(whisper, script);
  }
  const demoWithoutWhisper = options.engine === undefined && opened.kind === 'demo' && !whisperModelAvailable(core, { language: options.language });
  if (options.engine === 'reference' || demoWithoutWhisper) return createReferenceEngine(needScript('the reference engine'));
  const engine = options.engine === 'whisper' || options.engine === 'pocketsphinx' ? options.engine : settings.asr.engine === 'auto' ? undefined : settings.asr.engine;
  const { engine: asr } = await openAsrEngine(core, { engine, language: options.language, model: settings.asr.model });
  return asr;
}

export const openLiveAnalyzer = (core: CoreContext): Promise<Analyzer> => createAnalyzerForCore(core);

// Faster than real time (imports, replays at full speed) the end of speech follows its first silence
// at once: a speculative decode would only be aborted at every pause inside a sentence.
const transcribe: Pipeline['transcribe'] = (events, engine, { speculative, ...options }) =>
  transcribeStream(events, engine, { ...options, ...(speculative === false ? { speculativeChannels: [] } : {}) });

/** The real layers; `loopback` (core.loopback) lets a live call take system audio from the Electron app. */
export const defaultLiveDeps = (loopback?: Loopback): LiveDeps => ({
  pipeline: { segment: segmentSource, transcribe },
  openSource: (core, source) => openLiveSource(core, source, loopback),
  openAsr: openLiveAsr,
  openAnalyzer: openLiveAnalyzer,
  listDevices: async () => {
    const lists = listCaptureDevices();
    const pick = (l: typeof lists.mic) => l.map((d) => ({ id: d.id, label: d.label, hostApi: d.hostApi, isDefault: d.isDefault }));
    return { mic: pick(lists.mic), system: pick(lists.system), message: lists.message, notice: lists.notice };
  },
});
