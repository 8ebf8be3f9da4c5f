// The CLI run in-process with its standard output and error captured (the commands' tests).
import { vi } from 'vitest';
import { runCli } from '../src-main/cli/program';

type Modules = Parameters<typeof runCli>[1];

/** Runs `salesedge ARGS` with these command modules; `lines()` reads stdout as one JSON object a line. */
export async function runCliCaptured(args: string[], modules: Modules) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  const code = await runCli(args, modules).finally(() => vi.restoreAllMocks());
  const stdout = out.join('');
  return { code, stdout, stderr: err.join(''), lines: () => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}
