// Where the browser tests reach Docket. scripts/e2e-server.sh listens on this port.
// Chromium resolves every *.localhost name to the loopback address by itself, so no
// /etc/hosts entries are needed. Node does not: reach these hosts through the page, not
// through Playwright's `request` fixture.
export const port = 3100;

export const demo = `http://demo.localhost:${port}`;
export const other = `http://other.localhost:${port}`;
export const platform = `http://admin.localhost:${port}`;
export const publicSite = `http://localhost:${port}`;
export const unknown = `http://nosuchfirm.localhost:${port}`;
