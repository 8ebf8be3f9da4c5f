/** Entry of the `salesedge` command (bundled to out/main/cli.js, run by bin/salesedge.js). */
import { runCli } from './program';
import { commandModules } from './commands';

// A reader that stops early (`salesedge calls list --json | head -1`) closes our stdout: that
// ends the command quietly with status 0, for every command. A closed stderr is ignored.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.stderr.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

void runCli(process.argv.slice(2), commandModules).then((code) => {
  process.exitCode = code;
});
