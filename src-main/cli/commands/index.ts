import type { CommandModule } from '../program';
import { serveUiCommand } from './serve-ui';

/** Every subcommand, in the order --help lists them. */
export const commandModules: CommandModule[] = [serveUiCommand];
