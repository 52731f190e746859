// Workflows: the list, a workflow's runs, and one run as a graph of its steps whose statuses change live.
import { api, ApiError, follow, get } from '../api.js';
import { coalesced, form, h, link, onLeave, page, parsed, status, textarea, time } from '../ui.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'timed_out'];

export async function workflowsPage() {
  let workflows;
  try {
    workflows = (await get('/v1/workflows?limit=100')).data;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    return page('Workflows', h('p', { class: 'muted' }, 'This gateway serves no workflows API.'));
  }
  const runs = h('section', { 'aria-label': 'Runs' });
  page('Workflows',
    h('table', { 'aria-label': 'Workflows' },
      h('thead', {}, h('tr', {}, ['Name', 'Steps', 'Updated', ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, workflows.map((workflow) => h('tr', {},
        h('td', {}, workflow.name), h('td', {}, workflow.steps.map((step) => `${step.id} (${step.type})`).join(' → ')),
        h('td', {}, time(workflow.updated_at || workflow.created_at)),
        h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => showRuns(workflow, runs) }, 'Runs')))))),
    runs);
}

async function showRuns(workflow, section) {
  const answer = await get(`/v1/workflow-runs?workflow_id=${workflow.id}`);
  section.replaceChildren(h('h2', {}, `Runs of ${workflow.name}`),
    form([textarea('Input', 'input', '', { required: true }), textarea('Metadata (JSON)', 'metadata', '')], 'Start a run', async (values) => {
      const run = await api('POST', `/v1/workflows/${workflow.id}/runs`, { input: values.input, metadata: parsed(values.metadata, 'metadata') });
      location.hash = `#/workflow-runs/${run.id}`;
    }),
    h('ul', {}, answer.data.map((run) => h('li', {}, link(`#/workflow-runs/${run.id}`, run.id), ' ', status(run.status), ' ', time(run.created_at)))));
}

export async function workflowRunPage(id) {
  const graph = h('div', { class: 'graph', id: 'graph', 'aria-label': 'Steps' });
  const facts = h('div');
  let definition = null;
  async function refresh() {
    const run = await get(`/v1/workflow-runs/${id}`);
    if (definition === null) definition = await steps(run.workflow_id);
    facts.replaceChildren(h('p', {}, status(run.status), ` started ${time(run.started_at)}, finished ${time(run.finished_at)}`),
      run.result === null || run.result === undefined ? '' : h('pre', {}, typeof run.result === 'string' ? run.result : JSON.stringify(run.result, null, 2)),
      FINAL.includes(run.status) ? '' : h('button', { type: 'button', class: 'danger',
        onclick: async () => { await api('POST', `/v1/workflow-runs/${id}/cancel`); refresh(); } }, 'Cancel'));
    const states = new Map(run.steps.map((step) => [step.id, step]));
    // Steps the stored definition no longer names (it was replaced after the run started) still show, at the end.
    const named = new Set(flatten(definition).map((step) => step.id));
    const unnamed = run.steps.filter((step) => !named.has(step.id));
    graph.replaceChildren(sequence([...definition, ...unnamed], states));
    return run;
  }
  const run = await refresh();
  page(`Workflow run ${id}`, facts, h('h2', {}, 'Steps'), graph);
  if (FINAL.includes(run.status)) return;
  const later = coalesced(refresh);
  const stream = follow(`/v1/workflow-runs/${id}/events`, {
    onEvent: () => { later(); },
  });
  onLeave(stream.close);
}

/** The workflow's step tree, or none when it was deleted (the run's own steps are shown then). */
async function steps(workflowId) {
  try {
    return (await get(`/v1/workflows/${workflowId}`)).steps;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

function flatten(steps) {
  return steps.flatMap((step) => [step, ...flatten([...(step.branches || []).flat(), ...(step.then || []), ...(step.else || [])])]);
}

/** Steps one after another, left to right; a parallel step's branches and a condition's arms below it. */
function sequence(steps, states) {
  return h('ol', { class: 'flow' }, ...steps.map((step) => h('li', {}, node(step, states))));
}

function node(step, states) {
  const state = states.get(step.id) || { status: 'pending' };
  const box = h('div', { class: `node status-${state.status}`, 'data-step': step.id },
    h('strong', {}, step.id), h('span', { class: 'kind' }, step.type), h('div', {}, state.status),
    state.execution_id ? link(`#/executions/${state.execution_id}`, 'execution') : null);
  if (step.type === 'parallel') {
    return h('div', { class: 'group' }, box, h('div', { class: 'branches' }, ...step.branches.map((branch) => sequence(branch, states))));
  }
  if (step.type === 'condition') {
    const arms = [h('div', {}, h('em', {}, 'then'), sequence(step.then || [], states))];
    if (step.else) arms.push(h('div', {}, h('em', {}, 'else'), sequence(step.else, states)));
    return h('div', { class: 'group' }, box, h('div', { class: 'branches' }, ...arms));
  }
  return box;
}
