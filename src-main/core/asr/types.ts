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
  /** Text already committed for this utterance (Whisper uses it as prompt to stay consistent). */
  prompt?: string;
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
};
