// Threads: the list, and one thread as a chat with a box for the next turn; answers stream in as they are written.
import { api, follow, get } from '../api.js';
import { coalesced, form, h, link, list, onLeave, page, pager, parsed, select, status, textarea, time } from '../ui.js';

const STRATEGIES = ['enqueue', 'reject', 'interrupt', 'rollback'];

export async function threadsPage() {
  const body = h('tbody');
  const pages = pager(async (cursor) => {
    const answer = await get(`/v1/threads?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    body.replaceChildren(...answer.data.map((thread) => h('tr', {},
      h('td', {}, link(`#/threads/${thread.id}`, thread.id)), h('td', {}, status(thread.status)),
      h('td', {}, JSON.stringify(thread.metadata || {})), h('td', {}, time(thread.updated_at)))));
    return answer.next_cursor;
  });
  page('Threads',
    form([textarea('Metadata (JSON)', 'metadata', '{}')], 'New thread', async (values) => {
      const thread = await api('POST', '/v1/threads', { metadata: parsed(values.metadata, 'metadata') });
      location.hash = `#/threads/${thread.id}`;
    }, { stack: false }),
    h('table', { 'aria-label': 'Threads' },
      h('thead', {}, h('tr', {}, ['Id', 'Status', 'Metadata', 'Updated'].map((title) => h('th', { scope: 'col' }, title)))), body),
    pages.element);
  await pages.start();
}

export async function threadPage(id) {
  const thread = await get(`/v1/threads/${id}`);
  const agents = (await get('/v1/agents?limit=100')).data;
  const chat = h('div', { class: 'chat', id: 'chat', 'aria-live': 'polite' });
  const draft = h('div', { class: 'msg msg-assistant muted', hidden: true });
  const state = h('span', {}, status(thread.status));

  async function refresh() {
    const messages = [];
    let cursor = null;
    do {
      const answer = await get(`/v1/threads/${id}/messages?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      messages.push(...answer.data);
      cursor = answer.next_cursor;
    } while (cursor);
    chat.replaceChildren(...messages.map(message), draft);
    state.replaceChildren(status((await get(`/v1/threads/${id}`)).status));
  }

  page(`Thread ${id}`,
    h('p', {}, 'Status: ', state, ' · ', link(`#/executions?thread_id=${id}`, 'its executions')),
    chat,
    form([
      textarea('Next turn', 'input', '', { required: true }),
      select('Agent', 'agent_id', [['', 'inline agent with these tools'], ...agents.map((agent) => [agent.id, agent.name])], ''),
      h('label', {}, 'Inline tools (comma-separated)', h('input', { name: 'tools', value: 'calculator, current_time' })),
      select('While another run is unfinished', 'multitask_strategy', STRATEGIES.map((value) => [value, value]), 'enqueue'),
    ], 'Send', async (values) => {
      const request = { input: values.input, multitask_strategy: values.multitask_strategy };
      if (values.agent_id) request.agent_id = values.agent_id; else request.agent = { tools: list(values.tools) };
      await api('POST', `/v1/threads/${id}/executions`, request);
      await refresh();
    }));
  await refresh();

  const later = coalesced(refresh);
  const stream = follow(`/v1/threads/${id}/events?stream_tokens=true`, {
    onEvent: ({ type, data }) => {
      if (type === 'token') {
        if (data.index === 0) draft.textContent = '';
        draft.hidden = false;
        draft.textContent += data.delta;
        return;
      }
      draft.hidden = true;
      later();
    },
  });
  onLeave(stream.close);
}

function message(item) {
  const calls = item.tool_calls ? item.tool_calls.map((call) => `→ ${call.name}(${call.arguments})`).join('\n') : null;
  return h('div', { class: `msg msg-${item.role}`, 'data-seq': item.seq },
    h('div', { class: 'muted' }, `${item.role} · `, link(`#/executions/${item.execution_id}`, time(item.created_at))),
    item.content ? h('div', {}, item.content) : null, calls ? h('pre', {}, calls) : null);
}
