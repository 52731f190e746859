// The calling tenant: its limits, what it uses now, and the rate-limit headroom the last answer reported.
import { get, rateLimit } from '../api.js';
import { h, page } from '../ui.js';

const facts = (object) => h('dl', {}, Object.entries(object || {}).flatMap(([name, value]) =>
  [h('dt', {}, name.replaceAll('_', ' ')), h('dd', {}, String(value))]));

export async function tenantPage() {
  const tenant = await get('/v1/tenant');
  page(`Tenant ${tenant.name}`,
    h('p', { class: 'muted' }, `id ${tenant.id}`),
    h('h2', {}, 'Limits'), facts(tenant.limits),
    h('h2', {}, 'Usage now'), facts(tenant.usage),
    h('h2', {}, 'Rate limit'),
    facts({ requests_per_minute: rateLimit.limit, remaining: rateLimit.remaining,
      window_resets: rateLimit.reset ? `in ${rateLimit.reset} s` : '—' }));
}
