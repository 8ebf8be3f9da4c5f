import { Command, CommanderError } from 'commander';
import { appVersion, createCore, type Core } from '../core/core';
import { defaultDataDir } from '../core/paths';
import { createLogger } from '../core/logger';
import { oneLine } from '../../src-shared/errors';

type GlobalOptions = { dataDir: string; json: boolean; verbose: boolean };

/** Shared helpers every subcommand gets. */
export type CliContext = {
  globals(): GlobalOptions;
  /**
   * Opens the core on the chosen data dir; closed automatically when the command ends.
   * `readonlyIfDenied`: a command that only reads works on a database it cannot write.
   */
  openCore(options?: { readonlyIfDenied?: boolean }): Core;
  /** Prints one JSON object as one line on stdout. */
  printJson(value: unknown): void;
};

export type CommandModule = (program: Command, ctx: CliContext) => void;

/** A one-line, user-facing failure: printed without a stack trace, exit code 1. */
export class CliError extends Error {}

function buildProgram(modules: CommandModule[]): { program: Command; cleanup: () => Promise<void> } {
  const program = new Command('salesedge')
    .description('SalesEdge Copilot: live objection hints for sales calls, on your laptop.')
    .version(appVersion(), '-V, --version')
    .option('--data-dir <dir>', 'where calls, settings and models live', defaultDataDir())
    .option('--json', 'print one JSON object per line', false)
    .option('-v, --verbose', 'debug logs on stderr', false)
    .showHelpAfterError('(run salesedge --help for usage)')
    .exitOverride();
  let core: Core | undefined;
  const ctx: CliContext = {
    globals: () => program.opts<GlobalOptions>(),
    openCore: (options = {}) => {
      if (!core) {
        const g = ctx.globals();
        core = createCore({ dataDir: g.dataDir, readonlyIfDenied: options.readonlyIfDenied, log: createLogger(g.verbose ? 'debug' : (process.env.SALESEDGE_LOG ?? 'warn')) });
      }
      return core;
    },
    printJson: (value) => void process.stdout.write(`${JSON.stringify(value)}\n`),
  };
  for (const register of modules) register(program, ctx);
  return {
    program,
    cleanup: async () => {
      if (core) await core.close();
      core = undefined;
    },
  };
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr. */
export async function runCli(argv: string[], modules: CommandModule[]): Promise<number> {
  const { program, cleanup } = buildProgram(modules);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      return err.exitCode;
    }
    process.stderr.write(`salesedge: ${oneLine(err)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}
