// The console's shell: sign-in, navigation, and the page for the URL's fragment (#/executions/<id> and so on).
import { ApiError, get, session } from './api.js';
import { form, h, input, leaveAll, page, problem } from './ui.js';
import { executionsPage } from './pages/executions.js';
import { executionPage } from './pages/execution.js';
import { threadsPage, threadPage } from './pages/threads.js';
import { agentsPage, toolsPage } from './pages/agents.js';
import { schedulesPage, webhooksPage } from './pages/automation.js';
import { workflowsPage, workflowRunPage } from './pages/workflows.js';
import { tenantPage } from './pages/tenant.js';
import { adminPage } from './pages/admin.js';

const ROLE = 'agent-platform.role';

const TENANT_PAGES = [
  ['executions', 'Executions'], ['threads', 'Threads'], ['agents', 'Agents'], ['tools', 'Tools'],
  ['workflows', 'Workflows'], ['schedules', 'Schedules'], ['webhooks', 'Webhooks'], ['tenant', 'Tenant'],
];

const ROUTES = [
  [/^executions$/, executionsPage], [/^executions\/([^/]+)$/, executionPage],
  [/^threads$/, threadsPage], [/^threads\/([^/]+)$/, threadPage],
  [/^agents$/, agentsPage], [/^tools$/, toolsPage],
  [/^workflows$/, workflowsPage], [/^workflow-runs\/([^/]+)$/, workflowRunPage],
  [/^schedules$/, schedulesPage], [/^webhooks$/, webhooksPage],
  [/^tenant$/, tenantPage], [/^admin$/, adminPage],
];

async function route() {
  leaveAll();
  const path = decodeURIComponent(location.hash.replace(/^#\/?/, '')).split('?')[0];
  const role = sessionStorage.getItem(ROLE);
  if (!session.key() || !role) return signIn();
  renderNav(role, path);
  const fallback = role === 'admin' ? 'admin' : 'executions';
  const [pattern, render] = ROUTES.find(([regex]) => regex.test(path)) || [];
  if (!render || (role === 'admin') !== (path === 'admin')) {
    location.replace(`#/${fallback}`);
    return;
  }
  try {
    await render(...path.match(pattern).slice(1));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut();
    page(error.status === 404 ? 'Not found' : 'Something went wrong', problem(error));
  }
  document.getElementById('main').focus({ preventScroll: true });
}

function renderNav(role, path) {
  const pages = role === 'admin' ? [['admin', 'Tenants and keys']] : TENANT_PAGES;
  document.getElementById('nav').replaceChildren(...pages.map(([target, label]) => h('a', {
    href: `#/${target}`, 'aria-current': path.split('/')[0] === target ? 'page' : null }, label)));
  document.getElementById('who').replaceChildren(role === 'admin' ? 'Admin' : 'Signed in',
    ' · ', h('a', { href: '#/', onclick: (event) => { event.preventDefault(); signOut(); } }, 'Sign out'));
}

function signOut() {
  session.signOut();
  sessionStorage.removeItem(ROLE);
  location.hash = '#/';
  route();
}

function signIn() {
  document.getElementById('nav').replaceChildren();
  document.getElementById('who').replaceChildren();
  page('Sign in',
    h('p', {}, 'Paste an API key (or the admin token). It stays in this tab only (sessionStorage) and is sent as the Authorization header.'),
    form([input('API key or admin token', 'key', { type: 'password', required: true, autocomplete: 'off', autofocus: true })], 'Sign in',
      async ({ key }) => {
        session.signIn(key);
        sessionStorage.setItem(ROLE, await roleOf());
        route();
      }));
}

/** A tenant key answers /v1/tenant; the admin token answers the admin API instead. */
async function roleOf() {
  try {
    await get('/v1/tenant');
    return 'tenant';
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  try {
    await get('/admin/v1/tenants');
    return 'admin';
  } catch (error) {
    session.signOut();
    throw error.status === 401 ? new ApiError(401, { code: 'UNAUTHORIZED', detail: 'neither a live API key nor the admin token' }) : error;
  }
}

window.addEventListener('hashchange', route);
route();
