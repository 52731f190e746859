// The public API, called with the key of the person signed in. The key lives in sessionStorage only: it leaves with
// the tab, and no cookie ever carries it (so no other site can make the browser use it).
const KEY = 'agent-platform.key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key.trim()),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** An answer that is not 2xx, with the API's problem+json (code, detail, errors per field) when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
    this.errors = problem?.errors || [];
  }
}

/** One call: JSON in, JSON out; throws ApiError for anything but 2xx. Keeps the rate-limit headers it saw. */
export async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${session.key()}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  rateLimit.seen(response.headers);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => api('GET', path);

/** The headroom the last answer reported (X-RateLimit-*). */
export const rateLimit = {
  limit: null, remaining: null, reset: null,
  seen(headers) {
    if (headers.has('X-RateLimit-Limit')) {
      this.limit = headers.get('X-RateLimit-Limit');
      this.remaining = headers.get('X-RateLimit-Remaining');
      this.reset = headers.get('X-RateLimit-Reset');
    }
  },
};

/**
 * Follows a Server-Sent Events stream with fetch, because EventSource cannot send the Authorization header. Every
 * durable event's id is remembered; when the connection drops (a gateway restarts, the network blinks) it connects
 * again with Last-Event-ID, so the server replays exactly what came after: nothing is missed and nothing repeats.
 * It stops when the server ends the stream after `done(event)` said the last event was final, or on `close()`.
 */
export function follow(path, { onEvent, onState = () => {}, done = () => false, lastEventId = null }) {
  const control = new AbortController();
  let last = lastEventId;
  let finished = false;
  let delay = 500;

  async function connect() {
    while (!control.signal.aborted && !finished) {
      try {
        onState(last ? 'reconnecting' : 'connecting');
        const response = await fetch(path, {
          headers: { Authorization: `Bearer ${session.key()}`, Accept: 'text/event-stream', ...(last ? { 'Last-Event-ID': last } : {}) },
          signal: control.signal,
        });
        if (!response.ok) {
          const problem = await response.json().catch(() => null);
          throw new ApiError(response.status, problem);
        }
        onState('live');
        delay = 500;
        await read(response.body, (event) => {
          if (event.id !== null) last = event.id;
          if (done(event)) finished = true;
          onEvent(event);
        }, (retry) => { delay = retry; });
      } catch (error) {
        if (control.signal.aborted) return;
        if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
          onState('failed', error);
          return;
        }
      }
      if (!finished && !control.signal.aborted) {
        onState('waiting');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
    if (finished) onState('ended');
  }

  connect();
  return { close: () => control.abort(), lastEventId: () => last };
}

/** Parses text/event-stream as it arrives: "field: value" lines, an event per blank line, ":" lines are comments. */
async function read(body, onEvent, onRetry) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, type: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length) onEvent({ id: event.id, type: event.type, data: JSON.parse(event.data.join('\n')) });
        event = { id: null, type: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = text;
      else if (field === 'event') event.type = text;
      else if (field === 'data') event.data.push(text);
      else if (field === 'retry' && /^\d+$/.test(text)) onRetry(Number(text));
    }
  }
}
