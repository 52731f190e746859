// One execution: its facts, a live timeline of its events, its steps, and what a person may do with it.
import { api, follow, get } from '../api.js';
import { coalesced, h, json, link, onLeave, page, problem, span, status, textarea, time } from '../ui.js';
import { remember, remembered } from './executions.js';

const FINAL = ['succeeded', 'failed', 'cancelled', 'timed_out'];

export async function executionPage(id) {
  const facts = h('div');
  const actions = h('div');
  const timeline = h('ol', { id: 'timeline', 'aria-label': 'Events', 'aria-live': 'polite' });
  const steps = h('div', { id: 'steps' });
  const connection = h('span', { class: 'muted', id: 'connection' });
  let execution = await get(`/v1/executions/${id}`); // 404 for another tenant's id: the shell says "Not found"

  const main = page(`Execution ${id}`, facts, actions,
    h('h2', {}, 'Timeline ', connection), timeline, h('h2', {}, 'Steps'), steps);
  main.querySelector('h1').dataset.id = id;

  let shownState = null;
  async function refresh() {
    execution = await get(`/v1/executions/${id}`);
    facts.replaceChildren(details(execution));
    // The buttons (and arguments being edited) stay as they are until there is something else to decide.
    const state = `${execution.status}:${execution.pending_approval?.call_id}`;
    if (state !== shownState) actions.replaceChildren(...controls(execution, refresh));
    shownState = state;
    const answer = await get(`/v1/executions/${id}/steps`);
    const open = new Set([...steps.querySelectorAll('details[open]')].map((step) => step.dataset.seq));
    steps.replaceChildren(...answer.data.map((step) => stepView(step, open.has(String(step.seq)))));
  }
  await refresh();

  const later = coalesced(refresh);
  const stream = follow(`/v1/executions/${id}/events`, {
    done: (event) => FINAL.includes(event.type),
    onState: (state, error) => { connection.textContent = error ? `(${state}: ${error.message})` : `(${state})`; },
    onEvent: (event) => {
      if (event.type === 'token') return;
      timeline.append(h('li', { 'data-seq': event.data.seq, 'data-type': event.type },
        h('code', {}, `#${event.data.seq}`), ' ', h('strong', {}, event.type), ' ', status(event.data.status),
        ' ', h('span', { class: 'muted' }, time(event.data.created_at)),
        event.type === 'step' ? ` ${event.data.payload.kind} ${event.data.payload.name} (${event.data.payload.duration_ms} ms)` : ''));
      later();
    },
  });
  onLeave(stream.close);
}

function details(execution) {
  const rows = [
    ['Status', status(execution.status)],
    ['Agent', execution.agent_id ? h('code', {}, execution.agent_id) : 'inline'],
    ['Thread', execution.thread_id ? link(`#/threads/${execution.thread_id}`, execution.thread_id) : '—'],
    ['Model', execution.model],
    ['Attempt', `${execution.attempt} of ${execution.max_attempts}`],
    ['Created', time(execution.created_at)],
    ['Queue wait', span(execution.created_at, execution.started_at)],
    ['Run time', execution.started_at ? span(execution.started_at, execution.finished_at) : '—'],
    ['Usage', `${execution.usage.input_tokens} tokens in, ${execution.usage.output_tokens} out, ${execution.usage.llm_calls} model calls, ${execution.usage.tool_calls} tool calls`],
    ['Input', h('pre', {}, execution.input)],
    ['Result', execution.result === null ? '—' : h('pre', { id: 'result' }, execution.result)],
  ];
  if (execution.error) rows.push(['Error', h('span', { class: 'error' }, `${execution.error.code}: ${execution.error.message}`)]);
  if (execution.workflow_run_id) rows.push(['Workflow run', link(`#/workflow-runs/${execution.workflow_run_id}`, execution.workflow_run_id)]);
  return h('dl', { id: 'facts', 'data-status': execution.status }, rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function controls(execution, refresh) {
  const message = h('p', { class: 'error', role: 'alert' });
  const act = (request) => async () => {
    message.textContent = '';
    try {
      await request();
      await refresh();
    } catch (error) {
      message.replaceChildren(problem(error));
    }
  };
  const buttons = [];
  if (!FINAL.includes(execution.status)) {
    buttons.push(h('button', { type: 'button', class: 'danger', onclick: act(() => api('POST', `/v1/executions/${execution.id}/cancel`)) }, 'Cancel'));
  }
  const again = retryRequest(execution);
  buttons.push(h('button', { type: 'button', class: 'secondary', disabled: !again, title: again ? null : 'an inline agent submitted elsewhere: its definition is not known here',
    onclick: act(async () => {
      const [path, body] = again;
      const retried = await api('POST', path, body);
      remember(retried.id, body);
      location.hash = `#/executions/${retried.id}`;
    }) }, 'Retry (submit again)'));
  const parts = [h('div', { class: 'row' }, buttons)];
  if (execution.status === 'waiting' && execution.pending_approval) parts.push(approval(execution, act));
  return [...parts, message];
}

/** The same request again: the stored agent by id, or the inline agent this tab sent. */
function retryRequest(execution) {
  const request = remembered(execution.id)
    || (execution.agent_id ? { agent_id: execution.agent_id, input: execution.input, model: execution.model, metadata: execution.metadata } : null);
  if (!request) return null;
  return execution.thread_id ? [`/v1/threads/${execution.thread_id}/executions`, request] : ['/v1/executions', request];
}

function approval(execution, act) {
  const pending = execution.pending_approval;
  const argumentsField = textarea('Arguments (JSON, edit to change them)', 'arguments', JSON.stringify(pending.arguments, null, 2), { id: 'approval-arguments' });
  const reasonField = h('label', {}, 'Reason', h('input', { name: 'reason', id: 'approval-reason' }));
  const decide = (decision) => act(() => {
    const body = { call_id: pending.call_id, decision };
    const reason = reasonField.querySelector('input').value;
    if (reason) body.reason = reason;
    const text = argumentsField.querySelector('textarea').value;
    if (decision === 'approve' && text.trim() !== JSON.stringify(pending.arguments, null, 2)) body.arguments = JSON.parse(text);
    return api('POST', `/v1/executions/${execution.id}/approval`, body);
  });
  return h('section', { class: 'panel', 'aria-label': 'Approval' },
    h('h2', {}, `Waiting for approval: ${pending.tool}`),
    h('p', { class: 'muted' }, `call ${pending.call_id}, asked ${time(pending.requested_at)}, expires ${time(pending.expires_at)}`),
    argumentsField, reasonField,
    h('div', { class: 'row' },
      h('button', { type: 'button', id: 'approve', onclick: decide('approve') }, 'Approve'),
      h('button', { type: 'button', id: 'reject', class: 'danger', onclick: decide('reject') }, 'Reject')));
}

function stepView(step, open) {
  const tokens = step.kind === 'llm' ? `, ${step.input_tokens} tokens in, ${step.output_tokens} out` : '';
  return h('details', { class: 'panel step', 'data-seq': step.seq, open },
    h('summary', {}, `#${step.seq} ${step.kind} ${step.name} — ${step.duration_ms} ms${tokens}`),
    h('div', { class: 'muted' }, `started ${time(step.started_at)}`),
    h('h3', {}, 'Input'), json(step.input), h('h3', {}, 'Output'), json(step.output));
}
