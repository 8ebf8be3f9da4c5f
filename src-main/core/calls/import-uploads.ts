/**
 * Imports started from the UI: the file's bytes arrive over the contract in base64 chunks
 * (the same on Electron IPC and the WebSocket), are spooled to a temp file in the data dir,
 * then imported in the background with `calls.import.progress` events. Cancel works while
 * receiving and while transcribing; every way out removes the temp file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError, oneLine } from '../../../src-shared/errors';
import { notice } from '../../../src-shared/notice';
import type { ImportProgress } from '../../../src-shared/ipc/calls';
import type { CoreContext } from '../context';
import { CallScript } from '../asr/reference-engine';
import { importRecording, type ImportDeps } from './import-job';

type Job = {
  id: string;
  fileName: string;
  size: number;
  received: number;
  file: string;
  ctrl: AbortController;
  running: boolean;
};

export type ImportUploads = {
  start(fileName: string, size: number): { jobId: string };
  chunk(jobId: string, offset: number, base64: string): { received: number };
  finish(jobId: string, options: { language: 'pt' | 'en' | 'auto'; title?: string; script?: string }): { jobId: string; done: Promise<void> };
  cancel(jobId: string): boolean;
  /** Cancels every job and removes its files (core shutdown). */
  close(): void;
};

/** One per core, made by createCore (core.imports): jobs die with it. */
export function createImportUploads(core: CoreContext, deps?: ImportDeps): ImportUploads {
  const jobs = new Map<string, Job>();
  const dir = path.join(core.dataDir, 'imports');
  const progress = (job: Job, p: Omit<ImportProgress, 'jobId'>) => core.events.emit('calls.import.progress', { jobId: job.id, ...p });
  const drop = (job: Job) => {
    jobs.delete(job.id);
    fs.rmSync(job.file, { force: true });
  };
  // A reference transcript sent with the recording, checked before anything runs.
  const writeScript = (job: Job, text: string): string => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CoreError('bad_request', `the transcript sent with ${job.fileName} is not JSON`, notice('import.scriptNotJson', { file: job.fileName }));
    }
    const script = CallScript.safeParse(parsed);
    if (!script.success) {
      const detail = `${script.error.issues[0]?.path.join('.')}: ${script.error.issues[0]?.message}`;
      throw new CoreError('bad_request', `the transcript sent with ${job.fileName} is not a call script: ${detail}`, notice('import.scriptInvalid', { file: job.fileName, detail }));
    }
    const file = path.join(dir, `${job.id}.script.json`);
    fs.writeFileSync(file, JSON.stringify(script.data), { mode: 0o600 });
    return file;
  };
  const get = (jobId: string): Job => {
    const job = jobs.get(jobId);
    if (!job) throw new CoreError('not_found', `no import in progress with id ${jobId}`);
    return job;
  };
  return {
    close() {
      for (const job of jobs.values()) {
        job.ctrl.abort();
        fs.rmSync(job.file, { force: true });
      }
      jobs.clear();
    },
    start(fileName, size) {
      if (size === 0) throw new CoreError('bad_request', `cannot import ${path.basename(fileName)}: the file is empty (0 bytes)`, notice('import.empty', { file: path.basename(fileName) }));
      fs.mkdirSync(dir, { recursive: true });
      const id = crypto.randomUUID();
      const job: Job = { id, fileName: path.basename(fileName), size, received: 0, file: path.join(dir, `${id}.part`), ctrl: new AbortController(), running: false };
      fs.writeFileSync(job.file, new Uint8Array(0), { mode: 0o600 });
      jobs.set(id, job);
      progress(job, { phase: 'receiving', fraction: 0, callId: null, error: null });
      return { jobId: id };
    },
    chunk(jobId, offset, base64) {
      const job = get(jobId);
      if (job.running) throw new CoreError('conflict', `import ${jobId} is already running`);
      // Chunks must come in order: a gap or a repeat would corrupt the recording silently.
      if (offset !== job.received) throw new CoreError('bad_request', `chunk at byte ${offset} but ${job.received} bytes were received so far`);
      const bytes = Buffer.from(base64, 'base64');
      if (job.received + bytes.length > job.size) {
        drop(job);
        throw new CoreError('bad_request', `${job.fileName} is larger than the ${job.size} bytes announced; import abandoned`, notice('import.changed', { file: job.fileName }));
      }
      fs.appendFileSync(job.file, bytes);
      job.received += bytes.length;
      // Receiving fills the first 10% of the bar.
      progress(job, { phase: 'receiving', fraction: (0.1 * job.received) / job.size, callId: null, error: null });
      return { received: job.received };
    },
    finish(jobId, options) {
      const job = get(jobId);
      if (job.running) throw new CoreError('conflict', `import ${jobId} is already running`);
      if (job.received !== job.size) throw new CoreError('bad_request', `${job.fileName}: received ${job.received} of ${job.size} bytes`, notice('import.incomplete', { file: job.fileName, received: job.received, size: job.size }));
      const scriptFile = options.script === undefined ? undefined : writeScript(job, options.script);
      job.running = true;
      const bytes = new Uint8Array(fs.readFileSync(job.file));
      fs.rmSync(job.file, { force: true });
      const done = importRecording(
        core,
        { bytes, fileName: job.fileName, language: options.language, title: options.title, scriptFile, engine: scriptFile ? 'reference' : undefined },
        {
          signal: job.ctrl.signal,
          deps,
          // Receiving took 0-10%; the import's own 0-1 maps onto 10-100%.
          onProgress: (phase, f) => progress(job, { phase, fraction: 0.1 + 0.9 * f, callId: null, error: null }),
        },
      ).finally(() => scriptFile && fs.rmSync(scriptFile, { force: true })).then(
        ({ callId }) => {
          jobs.delete(job.id);
          progress(job, { phase: 'done', fraction: 1, callId, error: null });
          core.events.emit('calls.changed', { id: callId });
        },
        (err: unknown) => {
          jobs.delete(job.id);
          const message = oneLine(err);
          if (job.ctrl.signal.aborted) progress(job, { phase: 'cancelled', fraction: 0, callId: null, error: null });
          else progress(job, { phase: 'failed', fraction: 0, callId: null, error: message, notice: err instanceof CoreError ? (err.notice ?? null) : null });
          // The import's call row existed while it ran (a list loaded then shows it) and is gone now.
          core.events.emit('calls.changed', { id: null });
          // A bad file is the user's input, not a fault of the app.
          if (job.ctrl.signal.aborted || (err instanceof CoreError && err.code === 'bad_request')) core.log.info({ file: job.fileName, message }, 'import stopped');
          else core.log.warn({ err, file: job.fileName }, 'import failed');
        },
      );
      return { jobId, done };
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) return false;
      job.ctrl.abort();
      if (!job.running) {
        drop(job);
        progress(job, { phase: 'cancelled', fraction: 0, callId: null, error: null });
      }
      return true;
    },
  };
}
