/**
 * The `CallClient` class once its module has run. `<call-session>` makes its client from
 * it synchronously when the core is already on the page (an app that imports the API, or
 * a second element), and otherwise loads the core on demand, after its own first render.
 */
import type { CallClient } from './call-client.js';

export const loadedClient: { current?: typeof CallClient } = {};
