// Which test files vitest runs, and which of them are integration tests (vitest.config.mts).
// A file is integration when it starts a real server (sync server, PostgreSQL, Redis), a speech
// engine (whisper.cpp, pocketsphinx), an audio device (PortAudio) or a child process.

export const testFiles: string[] = ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'native/**/*.test.ts', 'models/**/*.test.ts', 'sync-server/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx', 'src-preload/**/*.test.ts', 'test/**/*.test.ts'];

export const integrationTests: string[] = [
  // the sync server on SQLite and on a throwaway PostgreSQL + Redis
  'sync-server/**/*.test.ts',
  'test/embedded-sync.test.ts',
  'src-main/core/sync/sync-client.test.ts',
  'src-main/core/sync/redact-sync.test.ts',
  'src-main/core/sync/credentials-at-rest.test.ts',
  'src-main/core/api/sync-handlers.test.ts',
  'src-main/core/api/sync-team.test.ts',
  'src-main/cli/commands/sync.test.ts',
  // speech engines and real-time audio
  'src-main/core/asr/whisper-engine.test.ts',
  'src-main/core/asr/streaming.test.ts',
  'src-main/core/live/live-path.test.ts',
  'src-main/core/calls/import-job.test.ts',
  'src-main/cli/commands/transcribe.test.ts',
  'src-main/cli/commands/replay.test.ts',
  'src-main/cli/commands/demo.test.ts',
  'src-main/core/audio/echo.test.ts',
  'src-main/core/audio/device-source.test.ts',
  'src-main/cli/commands/devices.test.ts',
  'src-main/core/api/audio-handlers.test.ts',
  'src-main/core/simulator/voice.test.ts',
  // a CRM API server on 127.0.0.1
  'src-main/core/deals/hubspot.test.ts',
  
  // child processes: the built CLI, espeak-ng, dpdm, npm
  'test/install-scripts.test.ts',
  'src-main/cli/cli-process.test.ts',
  'test/make-call.test.ts',
  'test/import-cycles.test.ts',
];
