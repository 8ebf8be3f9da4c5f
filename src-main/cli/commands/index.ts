import type { CommandModule } from '../program';
import { serveUiCommand } from './serve-ui';
import { callsCommand } from './calls';
import { replayCommand } from './replay';
import { demoCommand } from './demo';
import { syncCommand } from './sync';
import { analyzeCommand } from './analyze';
import { transcribeCommand } from './transcribe';
import { modelsCommand } from './models';
import { redactCommand } from './redact';
import { devicesCommand } from './devices';
import { simulateCommand } from './simulate';
import { dealsCommand, forecastCommand } from './deals';
import { tasksCommand } from './tasks';

/** Every subcommand, in the order --help lists them. */
export const commandModules: CommandModule[] = [serveUiCommand, callsCommand, replayCommand, demoCommand, syncCommand, analyzeCommand, transcribeCommand, modelsCommand, redactCommand, devicesCommand, simulateCommand, dealsCommand, forecastCommand, tasksCommand];
