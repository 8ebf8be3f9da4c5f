import type { Handlers } from './dispatch';
import { appHandlers } from './app-handlers';
import { liveHandlers } from './live-handlers';
import { playbookHandlers } from './playbooks-handlers';
import { callsHandlers } from './calls-handlers';
import { syncHandlers } from './sync-handlers';
import { audioHandlers } from './audio-handlers';
import { simulatorHandlers } from './simulator-handlers';
import { dealsHandlers } from './deals-handlers';
import { tasksHandlers } from './tasks-handlers';

/** Every request handler, one spread per domain (each domain keeps its own file). */
export const handlers: Handlers = {
  ...appHandlers,
  ...liveHandlers,
  ...playbookHandlers,
  ...callsHandlers,
  ...syncHandlers,
  ...audioHandlers,
  ...simulatorHandlers,
  ...dealsHandlers,
  ...tasksHandlers,
};
