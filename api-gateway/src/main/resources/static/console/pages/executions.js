// Executions: a submit form, filters, cursor pages, and a list kept live from the tenant's event stream.
import { api, follow, get } from '../api.js';
import { form, h, input, link, list, onLeave, page, pager, parsed, select, span, status, textarea, time } from '../ui.js';

const STATUSES = ['', 'queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'timed_out'];
const PAGE_SIZE = 25;

export async function executionsPage() {
  const agents = (await get('/v1/agents?limit=100')).data;
  const filters = new URLSearchParams(location.hash.split('?')[1] || '');
  const body = h('tbody');
  const rows = new Map();
  const pages = pager(async (cursor) => {
    const query = new URLSearchParams({ limit: PAGE_SIZE });
    for (const name of ['status', 'agent_id', 'thread_id']) if (filters.get(name)) query.set(name, filters.get(name));
    if (cursor) query.set('cursor', cursor);
    const answer = await get(`/v1/executions?${query}`);
    rows.clear();
    body.replaceChildren(...answer.data.map((execution) => row(execution, rows)));
    return answer.next_cursor;
  });

  page('Executions',
    submitForm(agents),
    h('h2', {}, 'Recent executions'),
    form([
      select('Status', 'status', STATUSES.map((value) => [value, value || 'any']), filters.get('status') || ''),
      select('Agent', 'agent_id', [['', 'any'], ...agents.map((agent) => [agent.id, agent.name])], filters.get('agent_id') || ''),
      input('Thread id', 'thread_id', { value: filters.get('thread_id') || '', size: 36 }),
    ], 'Filter', async (values) => {
      location.hash = `#/executions?${new URLSearchParams(Object.entries(values).filter(([, value]) => value))}`;
    }, { stack: false }),
    h('table', { 'aria-label': 'Executions' }, h('thead', {}, h('tr', {}, ['Id', 'Status', 'Agent', 'Input', 'Created', 'Queue wait', 'Run time']
      .map((title) => h('th', { scope: 'col' }, title)))), body),
    pages.element);
  await pages.start();

  // New runs appear on the first page; runs on any shown page change status in place. The stream starts at the
  // newest run's first event, so it brings what changed since then, not the tenant's whole history.
  const newest = (await get('/v1/executions?limit=1')).data[0];
  let updates = Promise.resolve(); // one at a time, in the stream's order
  const stream = follow('/v1/events', {
    lastEventId: newest ? `${newest.id}:1` : null,
    onEvent: (event) => { updates = updates.then(() => update(event, rows, body, filters, pages)).catch(() => {}); },
  });
  onLeave(stream.close);
}

const FINAL = ['succeeded', 'failed', 'cancelled', 'timed_out'];

async function update({ type, data }, rows, body, filters, pages) {
  if (type === 'step' || type === 'token' || type === 'approval') return;
  const shown = rows.get(data.execution_id);
  if (shown) {
    // The event says enough to update a shown row: no request per event, however busy the tenant.
    const execution = { ...shown.execution, status: data.status };
    if (type === 'running' && !execution.started_at) execution.started_at = data.created_at;
    if (FINAL.includes(type)) execution.finished_at = data.created_at;
    shown.replaceWith(row(execution, rows));
    return;
  }
  // Checked again after the read: the person may have moved to another page meanwhile.
  const wanted = () => !rows.has(data.execution_id) && data.seq === 1 && pages.page() === 0 && !filters.get('agent_id')
    && !filters.get('thread_id') && (!filters.get('status') || filters.get('status') === 'queued');
  if (!wanted()) return;
  const execution = await get(`/v1/executions/${data.execution_id}`);
  if (wanted()) body.prepend(row(execution, rows));
}

function row(execution, rows) {
  const element = h('tr', { 'data-id': execution.id },
    h('td', {}, link(`#/executions/${execution.id}`, execution.id.slice(-12))),
    h('td', {}, status(execution.status)),
    h('td', {}, execution.agent_id ? h('code', {}, execution.agent_id.slice(-12)) : h('span', { class: 'muted' }, 'inline')),
    h('td', {}, execution.input.length > 60 ? `${execution.input.slice(0, 60)}…` : execution.input),
    h('td', {}, time(execution.created_at)),
    h('td', {}, span(execution.created_at, execution.started_at || (execution.status === 'queued' ? null : execution.finished_at))),
    h('td', {}, execution.started_at ? span(execution.started_at, execution.finished_at) : '—'));
  element.execution = execution;
  rows.set(execution.id, element);
  return element;
}

function submitForm(agents) {
  return h('details', { class: 'panel' }, h('summary', {}, 'Submit an execution'),
    form([
      select('Agent', 'agent_id', [['', 'inline agent (below)'], ...agents.map((agent) => [agent.id, agent.name])], ''),
      input('Inline agent tools (comma-separated)', 'tools', { value: 'calculator' }),
      input('Model', 'model', { placeholder: 'offline:deterministic' }),
      textarea('Input', 'input', '', { required: true }),
      textarea('Metadata (JSON)', 'metadata', ''),
    ], 'Submit', async (values) => {
      const request = { input: values.input, model: values.model || undefined, metadata: parsed(values.metadata, 'metadata') };
      if (values.agent_id) request.agent_id = values.agent_id;
      else request.agent = { tools: list(values.tools) };
      const execution = await api('POST', '/v1/executions', request);
      remember(execution.id, request);
      location.hash = `#/executions/${execution.id}`;
    }));
}

/** The request that made a run this tab submitted, so "retry" can send it again exactly (an inline agent included). */
export function remember(id, request) {
  sessionStorage.setItem(`agent-platform.request.${id}`, JSON.stringify(request));
}

export function remembered(id) {
  const text = sessionStorage.getItem(`agent-platform.request.${id}`);
  return text ? JSON.parse(text) : null;
}
