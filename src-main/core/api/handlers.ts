import type { Handlers } from './dispatch';
import { appHandlers } from './app-handlers';
import { liveHandlers } from './live-handlers';
import { playbookHandlers } from './playbooks-handlers';

/** Every request handler, one spread per domain (each domain keeps its own file). */
export const handlers: Handlers = {
  ...appHandlers,
  ...liveHandlers,
  ...playbookHandlers,
};
