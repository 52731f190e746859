// Admin (the admin token): tenants, their limits, and their keys. A key is shown once, when it is issued.
import { api, get } from '../api.js';
import { form, h, input, page } from '../ui.js';

const LIMITS = ['rate_limit_per_minute', 'max_concurrent_executions', 'max_queued_executions', 'max_concurrent_streams', 'max_concurrent_streams_per_key'];
// The admin API lists no keys (only their hashes are stored): this tab remembers the ones it issued, to revoke them.
const issued = [];

export async function adminPage() {
  const tenants = (await get('/admin/v1/tenants')).data;
  const shown = h('p', { role: 'status', id: 'issued-key' });
  page('Tenants and keys', shown,
    h('table', { 'aria-label': 'Tenants' },
      h('thead', {}, h('tr', {}, ['Name', 'Id', ...LIMITS.map((limit) => limit.replaceAll('_', ' ')), ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, tenants.map((tenant) => h('tr', {},
        h('td', {}, tenant.name), h('td', {}, h('code', {}, tenant.id)), LIMITS.map((limit) => h('td', {}, String(tenant[limit]))),
        h('td', {}, form([input('Key name', 'name', { required: true, size: 10 })], 'Issue key', async ({ name }) => {
          const key = await api('POST', `/admin/v1/tenants/${tenant.id}/api-keys`, { name });
          issued.push({ tenant, key });
          await adminPage();
          document.getElementById('issued-key').textContent = `New key for ${tenant.name} (shown once): ${key.key}`;
        }, { stack: false })))))),
    h('h2', {}, 'Keys issued in this tab'),
    h('ul', {}, issued.map(({ tenant, key }) => h('li', { class: 'row' }, `${tenant.name}: ${key.name} (${key.prefix}…)`,
      key.revoked ? h('span', { class: 'muted' }, 'revoked') : h('button', { type: 'button', class: 'danger', onclick: async () => {
        await api('DELETE', `/admin/v1/tenants/${tenant.id}/api-keys/${key.id}`);
        key.revoked = true;
        adminPage();
      } }, 'Revoke')))),
    h('section', { class: 'panel' }, h('h2', {}, 'Revoke a key by id'), form([
      input('Tenant id', 'tenant', { required: true, size: 36 }), input('Key id', 'key', { required: true, size: 36 }),
    ], 'Revoke', async (values) => {
      await api('DELETE', `/admin/v1/tenants/${values.tenant}/api-keys/${values.key}`);
      document.getElementById('issued-key').textContent = 'Revoked.';
    }, { stack: false })),
    h('section', { class: 'panel' }, h('h2', {}, 'New tenant'), form([
      input('Name', 'name', { required: true }),
      ...LIMITS.map((limit) => input(limit.replaceAll('_', ' '), limit, { inputmode: 'numeric' })),
    ], 'Create', async (values) => {
      const body = { name: values.name };
      for (const limit of LIMITS) if (values[limit]) body[limit] = Number(values[limit]);
      await api('POST', '/admin/v1/tenants', body);
      adminPage();
    })));
}
