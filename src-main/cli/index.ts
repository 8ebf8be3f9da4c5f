/** Entry of the `salesedge` command (bundled to out/main/cli.js, run by bin/salesedge.js). */
import { runCli } from './program';
import { commandModules } from './commands';

void runCli(process.argv.slice(2), commandModules).then((code) => {
  process.exitCode = code;
});
