// @web/test-runner plugin: commands a browser test sends (executeServerCommand from
// @web/test-runner-commands) to act on its own page through Playwright, for what a page
// cannot do to itself:
//   'meshcall:grant-notifications'  grants the page's origin the notifications permission
// Every other command is left to the other plugins.

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function pageControlPlugin() {
  return {
    name: 'meshcall-page-control',
    async executeCommand({ command, session }) {
      if (command !== 'meshcall:grant-notifications') return undefined;
      const browser = /** @type {{ type?: string, getPage?: (id: string) => import('playwright').Page }} */ (session.browser);
      if (browser.type !== 'playwright' || !browser.getPage) throw new Error(`${command} needs the playwright launcher`);
      const page = browser.getPage(session.id);
      await page.context().grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
      return true;
    },
  };
}
