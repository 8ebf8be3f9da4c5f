import type { Handlers } from './dispatch';
import { appHandlers } from './app-handlers';

/** Every request handler, one spread per domain (each domain keeps its own file). */
export const handlers: Handlers = {
  ...appHandlers,
};
