/**
 * A minimal streaming stage (segmenter events → transcript partials and finals), used by the
 * live path only until the ASR layer's transcribeStream is available. Partials are dropped
 * when the recogniser is still busy with the previous one, so they never pile up.
 */
import { speakerOf } from '../audio/types';
import type { SegmenterEvent } from '../audio/types';
import type { AsrEngine, TranscriptEvent } from '../asr/types';

export async function* basicTranscribe(events: AsyncIterable<SegmenterEvent>, engine: AsrEngine, options: { language: 'pt' | 'en' | 'auto'; partials?: boolean }): AsyncGenerator<TranscriptEvent> {
  const partials = options.partials ?? true;
  for await (const e of events) {
    if (e.type === 'speech-progress' && partials) {
      const speaker = speakerOf(e.channel);
      const r = await engine.transcribe(e.samples, { language: options.language, startMs: e.startMs, endMs: e.nowMs, speaker });
      if (r.text.trim()) yield { type: 'partial', speaker, channel: e.channel, startMs: e.startMs, endMs: e.nowMs, text: r.text.trim(), language: r.language, engine: engine.id };
    } else if (e.type === 'speech-end') {
      const u = e.utterance;
      const r = await engine.transcribe(u.samples, { language: options.language, startMs: u.startMs, endMs: u.endMs, speaker: u.speaker });
      yield { type: 'final', speaker: u.speaker, channel: u.channel, startMs: u.startMs, endMs: u.endMs, text: r.text.trim(), language: r.language, engine: engine.id };
    }
  }
}
