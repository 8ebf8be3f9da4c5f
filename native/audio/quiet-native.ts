/**
 * Keeps native libraries' chatter (ALSA's "ALSA lib pcm.c:… Unknown PCM …" lines, PortAudio's
 * printf output) out of the user's terminal and out of `--json` stdout. ALSA's error handler
 * cannot be set from JS, so fds 1 and 2 are pointed at a temp file for the duration of one
 * synchronous native call (enumerate, open, start, quit) and restored after; C stdio buffers are
 * flushed on both sides so nothing printed inside comes out later. JS cannot write in between
 * (the call is synchronous); another native thread writing in those milliseconds loses its line.
 * What was hidden is summed up in one line on stderr when SALESEDGE_LOG is debug or trace.
 * Windows: calls straight through (no ALSA there).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import koffi from 'koffi';

type Libc = { dup(fd: number): number; dup2(from: number, to: number): number; close(fd: number): number; fflush(stream: null): number };

let libc: Libc | null | undefined;

function loadLibc(): Libc | null {
  if (libc !== undefined) return libc;
  const name = process.platform === 'linux' ? 'libc.so.6' : process.platform === 'darwin' ? '/usr/lib/libSystem.B.dylib' : null;
  try {
    if (!name) return (libc = null);
    const lib = koffi.load(name);
    libc = { dup: lib.func('int dup(int)'), dup2: lib.func('int dup2(int, int)'), close: lib.func('int close(int)'), fflush: lib.func('int fflush(void *)') };
  } catch {
    libc = null;
  }
  return libc;
}

/** Runs `fn` with fds 1 and 2 silenced; `onHidden` gets what the native code printed, if anything. */
export function quietNative<T>(fn: () => T, onHidden: (text: string) => void = summarise): T {
  const c = loadLibc();
  if (!c) return fn();
  const file = path.join(os.tmpdir(), `salesedge-native-${process.pid}-${Date.now()}.log`);
  let sink: number;
  try {
    sink = fs.openSync(file, 'w', 0o600);
  } catch {
    return fn();
  }
  c.fflush(null);
  const saved = [c.dup(1), c.dup(2)];
  if (saved[0]! < 0 || saved[1]! < 0) {
    for (const fd of saved) if (fd >= 0) c.close(fd);
    fs.closeSync(sink);
    fs.rmSync(file, { force: true });
    return fn();
  }
  c.dup2(sink, 1);
  c.dup2(sink, 2);
  try {
    return fn();
  } finally {
    c.fflush(null);
    c.dup2(saved[0]!, 1);
    c.dup2(saved[1]!, 2);
    for (const fd of saved) c.close(fd);
    fs.closeSync(sink);
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // nothing to report
    }
    fs.rmSync(file, { force: true });
    if (text.trim()) onHidden(text);
  }
}

function summarise(text: string): void {
  if (!/^(debug|trace)$/.test(process.env.SALESEDGE_LOG ?? '')) return;
  const lines = text.split('\n').filter((l) => l.trim());
  process.stderr.write(`salesedge: hid ${lines.length} line${lines.length === 1 ? '' : 's'} from the audio libraries (ALSA/PortAudio), first: ${lines[0]!.slice(0, 160)}\n`);
}
