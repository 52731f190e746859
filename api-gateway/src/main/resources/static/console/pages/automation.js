// Schedules, and webhooks with their deliveries: what runs by itself, and what the platform tells other systems.
import { api, get } from '../api.js';
import { form, h, input, link, list, page, parsed, select, status, textarea, time } from '../ui.js';

const WEBHOOK_EVENTS = ['execution.succeeded', 'execution.failed', 'execution.cancelled', 'execution.timed_out',
  'execution.waiting', 'workflow_run.succeeded', 'workflow_run.failed'];
const columns = (...titles) => h('thead', {}, h('tr', {}, titles.map((title) => h('th', { scope: 'col' }, title))));
const button = (label, onclick, kind = 'secondary') => h('button', { type: 'button', class: kind, onclick }, label);

export async function schedulesPage() {
  const schedules = (await get('/v1/schedules?limit=100')).data;
  const act = (request) => async () => { await request(); schedulesPage(); };
  page('Schedules',
    h('table', { 'aria-label': 'Schedules' }, columns('Cron', 'Zone', 'Input', 'Enabled', 'Next run', 'Last execution', ''),
      h('tbody', {}, schedules.map((schedule) => h('tr', {},
        h('td', {}, h('code', {}, schedule.cron)), h('td', {}, schedule.timezone), h('td', {}, schedule.input),
        h('td', {}, schedule.enabled ? 'yes' : 'paused'), h('td', {}, time(schedule.next_run_at)),
        h('td', {}, schedule.last_execution_id ? link(`#/executions/${schedule.last_execution_id}`, schedule.last_execution_id.slice(-12)) : '—'),
        h('td', { class: 'row' },
          button(schedule.enabled ? 'Pause' : 'Resume', act(() => api('PATCH', `/v1/schedules/${schedule.id}`, { enabled: !schedule.enabled }))),
          button('Run now', act(() => api('POST', `/v1/schedules/${schedule.id}/trigger`))),
          button('Delete', act(() => api('DELETE', `/v1/schedules/${schedule.id}`)), 'danger')))))),
    h('section', { class: 'panel' }, h('h2', {}, 'New schedule'), form([
      input('Cron (5 or 6 fields)', 'cron', { required: true, placeholder: '*/5 * * * *' }),
      input('Time zone', 'timezone', { value: 'UTC' }),
      input('Agent tools (comma-separated)', 'tools', { value: 'calculator' }),
      textarea('Input', 'input', '', { required: true }),
      select('Overlap', 'overlap', [['skip', 'skip a tick while the last run is active'], ['allow', 'allow']], 'skip'),
    ], 'Create', async (values) => {
      await api('POST', '/v1/schedules', { cron: values.cron, timezone: values.timezone, input: values.input,
        overlap: values.overlap, agent: { tools: list(values.tools) } });
      schedulesPage();
    })));
}

export async function webhooksPage() {
  const hooks = (await get('/v1/webhooks')).data;
  const deliveries = h('section', { 'aria-label': 'Deliveries' });
  const secret = h('p', { role: 'status' });
  const act = (request) => async () => { await request(); webhooksPage(); };
  page('Webhooks', secret,
    h('table', { 'aria-label': 'Webhooks' }, columns('URL', 'Events', 'Enabled', 'Created', ''),
      h('tbody', {}, hooks.map((hook) => h('tr', {},
        h('td', {}, h('code', {}, hook.url)), h('td', {}, hook.events.join(', ')), h('td', {}, hook.enabled ? 'yes' : 'disabled'),
        h('td', {}, time(hook.created_at)),
        h('td', { class: 'row' },
          button('Deliveries', () => showDeliveries(hook, deliveries)),
          button(hook.enabled ? 'Disable' : 'Enable', act(() => api('PATCH', `/v1/webhooks/${hook.id}`, { enabled: !hook.enabled }))),
          button('Delete', act(() => api('DELETE', `/v1/webhooks/${hook.id}`)), 'danger')))))),
    deliveries,
    h('section', { class: 'panel' }, h('h2', {}, 'New webhook'), form([
      input('URL', 'url', { required: true, type: 'url', placeholder: 'https://example.com/hooks' }),
      h('fieldset', {}, h('legend', {}, 'Events'), WEBHOOK_EVENTS.map((event) =>
        h('label', { class: 'row' }, h('input', { type: 'checkbox', name: `event:${event}`, checked: event.startsWith('execution.') }), event))),
      input('Description', 'description'),
    ], 'Create', async (values) => {
      const events = Object.keys(values).filter((name) => name.startsWith('event:')).map((name) => name.slice(6));
      const created = await api('POST', '/v1/webhooks', { url: values.url, events, description: values.description || undefined });
      await webhooksPage();
      document.querySelector('[role=status]').textContent = `Signing secret (shown once): ${created.secret}`;
    })));
}

async function showDeliveries(hook, section) {
  const answer = await get(`/v1/webhooks/${hook.id}/deliveries?limit=50`);
  section.replaceChildren(h('h2', {}, `Deliveries to ${hook.url}`),
    h('table', {}, columns('Event', 'Execution', 'Attempt', 'Status', 'Response', 'Took', 'Next attempt', ''),
      h('tbody', {}, answer.data.map((delivery) => h('tr', {},
        h('td', {}, delivery.event_type),
        h('td', {}, delivery.execution_id ? link(`#/executions/${delivery.execution_id}`, delivery.execution_id.slice(-12)) : '—'),
        h('td', {}, String(delivery.attempt)), h('td', {}, status(delivery.status)),
        h('td', {}, delivery.response_status ?? '—'), h('td', {}, delivery.duration_ms === null ? '—' : `${delivery.duration_ms} ms`),
        h('td', {}, time(delivery.next_attempt_at)),
        h('td', {}, button('Redeliver', async () => {
          await api('POST', `/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`);
          showDeliveries(hook, section);
        })))))));
}
