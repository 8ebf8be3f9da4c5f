/** Contract of every speech recogniser (Whisper via whisper.cpp, pocketsphinx, reference). */
export type AsrLanguage = 'pt' | 'en' | 'auto';

export type AsrResult = {
  text: string;
  /** Detected or forced language; null when the engine cannot tell. */
  language: 'pt' | 'en' | null;
};

export type AsrTranscribeOptions = {
  language: AsrLanguage;
  startMs: number;
  endMs: number;
  speaker: 'rep' | 'customer';
  /** A partial of a growing utterance: engines may trade accuracy for speed (Whisper skips temperature fallback). */
  partial?: boolean;
  /** What the speaker said just before (the previous final): Whisper conditions on it. */
  prompt?: string;
  /** Aborts a superseded job (a partial overtaken by the end of speech, a speculative final whose speaker went on). */
  signal?: AbortSignal;
  /** An upper bound on decoded tokens tighter than the engine's own (the hints bench passes the script's count). */
  maxTokens?: number;
};

export type AsrEngine = {
  readonly id: 'whisper' | 'pocketsphinx' | 'reference';
  /** Shown in Settings, e.g. "whisper.cpp base (CUDA)" or "pocketsphinx en-us (CPU)". */
  readonly backend: string;
  /**
   * Transcribes 16 kHz mono samples. `startMs`/`endMs` give the stream-time span (the
   * reference engine uses it; real engines ignore it). Must not block the event loop for
   * long: real engines run in native threads or workers.
   */
  transcribe(samples: Float32Array, options: AsrTranscribeOptions): Promise<AsrResult>;
  close(): Promise<void>;
};

/** What streaming transcription emits: partials while the utterance grows, one final at its end. */
export type TranscriptEvent = {
  type: 'partial' | 'final';
  speaker: 'rep' | 'customer';
  channel: 'mic' | 'system';
  startMs: number;
  /** End of the audio this text covers (for a final: the utterance's end of speech). */
  endMs: number;
  text: string;
  language: 'pt' | 'en' | null;
  engine: AsrEngine['id'];
  /** Wall time of the decode that produced this text, ms (a kept speculative final: its decode). */
  asrMs?: number;
  /** A final only: ms from the end of speech being confirmed to this final (what ASR added after it). */
  afterEndMs?: number;
  /** A final decoded speculatively at the first silence and kept. */
  speculative?: boolean;
  /**
   * A partial only: the speculative final's text, offered at the first pause before the end of
   * speech is confirmed — the whole utterance so far from one decode, not a LocalAgreement prefix.
   */
  phrase?: boolean;
};
