// Agents and tools: lists, and a form that creates one or edits the one picked, with errors shown at their fields.
import { api, get } from '../api.js';
import { form, h, input, json, list, page, parsed, select, textarea } from '../ui.js';

const number = (text) => (text === '' || text === undefined ? undefined : Number(text));

export async function agentsPage() {
  const agents = (await get('/v1/agents?limit=100')).data;
  const editor = h('section', { class: 'panel', 'aria-label': 'Agent form' });
  const edit = (agent) => {
    editor.replaceChildren(h('h2', {}, agent ? `Edit ${agent.name}` : 'New agent'), form([
      input('Name', 'name', { value: agent?.name || '', required: true }),
      input('Description', 'description', { value: agent?.description || '' }),
      textarea('Instructions', 'instructions', agent?.instructions || ''),
      input('Model', 'model', { value: agent?.model || '', placeholder: 'offline:deterministic' }),
      input('Tools (comma-separated)', 'tools', { value: (agent?.tools || []).join(', ') }),
      input('Tools that need approval (comma-separated, * for all)', 'require_approval', { value: (agent?.require_approval || []).join(', ') }),
      input('Max steps', 'max_steps', { value: agent?.max_steps ?? '', inputmode: 'numeric' }),
      input('Timeout (seconds)', 'timeout_seconds', { value: agent?.timeout_seconds ?? '', inputmode: 'numeric' }),
      input('Max tokens', 'max_tokens', { value: agent?.max_tokens ?? '', inputmode: 'numeric' }),
    ], agent ? 'Save' : 'Create', async (values) => {
      const body = { ...values, tools: list(values.tools), require_approval: list(values.require_approval),
        max_steps: number(values.max_steps), timeout_seconds: number(values.timeout_seconds), max_tokens: number(values.max_tokens) };
      for (const name of ['description', 'instructions', 'model']) if (!body[name]) delete body[name];
      await api(agent ? 'PUT' : 'POST', agent ? `/v1/agents/${agent.id}` : '/v1/agents', body);
      agentsPage();
    }));
  };
  edit(null);
  page('Agents',
    h('table', { 'aria-label': 'Agents' },
      h('thead', {}, h('tr', {}, ['Name', 'Model', 'Tools', 'Updated', ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, agents.map((agent) => h('tr', {},
        h('td', {}, agent.name), h('td', {}, agent.model || '—'), h('td', {}, (agent.tools || []).join(', ')),
        h('td', {}, new Date(agent.updated_at).toLocaleString()),
        h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => edit(agent) }, 'Edit'), ' ',
          h('a', { href: `#/executions?agent_id=${agent.id}` }, 'Executions')))))),
    editor);
}

export async function toolsPage() {
  const tools = (await get('/v1/tools')).data;
  const editor = h('section', { class: 'panel', 'aria-label': 'Tool form' });
  const edit = async (name) => {
    const tool = name ? await get(`/v1/tools/${encodeURIComponent(name)}`) : null;
    editor.replaceChildren(h('h2', {}, tool ? `Edit ${tool.name}` : 'New tool'), form([
      input('Name', 'name', { value: tool?.name || '', required: true, readonly: !!tool }),
      input('Description', 'description', { value: tool?.description || '' }),
      select('Kind', 'kind', [['http', 'http'], ['mcp', 'mcp']], tool?.kind || 'http'),
      textarea('Config (JSON)', 'config', JSON.stringify(tool?.config || { url: 'https://', method: 'GET' }, null, 2)),
    ], tool ? 'Save' : 'Create', async (values) => {
      const body = { ...values, config: parsed(values.config, 'config') };
      await api(tool ? 'PUT' : 'POST', tool ? `/v1/tools/${encodeURIComponent(tool.name)}` : '/v1/tools', body);
      toolsPage();
    }));
  };
  await edit(null);
  page('Tools',
    h('table', { 'aria-label': 'Tools' },
      h('thead', {}, h('tr', {}, ['Name', 'Kind', 'Description', 'Parameters', ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, tools.map((tool) => h('tr', {},
        h('td', {}, tool.name), h('td', {}, tool.kind), h('td', {}, tool.description),
        h('td', {}, h('details', {}, h('summary', {}, 'schema'), json(tool.parameters))),
        h('td', {}, tool.kind === 'builtin' ? '' : h('button', { type: 'button', class: 'secondary', onclick: () => edit(tool.name) }, 'Edit')))))),
    editor);
}
