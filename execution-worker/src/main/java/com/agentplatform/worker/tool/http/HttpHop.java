package com.agentplatform.worker.tool.http;

import java.util.Map;

/** One request of a fetch: the first, or the one a redirect leads to. */
record HttpHop(HttpUrl url, String method, Map<String, String> headers, String body) {

    static HttpHop first(HttpFetchRequest request) {
        return new HttpHop(HttpUrl.parse(request.url()), request.method(), request.headers(), request.body());
    }

    /**
     * The request a redirect asks for. 303, and 301/302 after a POST, turn into a GET without body as browsers do;
     * 307 and 308 repeat the request. The caller still judges the new URL's host like any other.
     */
    HttpHop redirectedTo(String location, int status) {
        HttpUrl next = url.resolve(location);
        if (url.isHttps() && !next.isHttps()) {
            throw new RefusedUrlException("a redirect from https to http is not followed (to " + next + ")");
        }
        boolean asGet = status == 303 && !method.equals("HEAD")
                || (status == 301 || status == 302) && method.equals("POST");
        // The headers may carry a tenant's credentials: they go to the origin they were set up for, nowhere else.
        Map<String, String> kept = next.sameOrigin(url) ? headers : Map.of();
        return new HttpHop(next, asGet ? "GET" : method, kept, asGet ? null : body);
    }
}
