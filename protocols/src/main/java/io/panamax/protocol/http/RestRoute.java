package io.panamax.protocol.http;

/** The routes of the REST API; {@link #label} names them in {@code /metrics}. */
enum RestRoute {
    /** {@code GET /keys/{key}}. */
    GET_KEY("get_key", true),
    /** {@code HEAD /keys/{key}}. */
    HEAD_KEY("head_key", true),
    /** {@code PUT /keys/{key}}. */
    PUT_KEY("put_key", true),
    /** {@code DELETE /keys/{key}}. */
    DELETE_KEY("delete_key", true),
    /** {@code POST /keys} with a JSON body. */
    CREATE_KEY("create_key", true),
    /** {@code GET /keys?prefix=&limit=&start=}. */
    LIST_KEYS("list_keys", true),
    /** {@code GET /health}. */
    HEALTH("health", false),
    /** {@code GET /metrics}. */
    METRICS("metrics", true),
    /** A method the path does not accept: 400 {@code Invalid Method for Path}. */
    BAD_METHOD("bad_method", false),
    /** A well-formed request with bad parameters (key encoding, limit): 400 with a message. */
    BAD_PARAMETER("bad_parameter", false),
    /** Any other path: 404. */
    NOT_FOUND("not_found", false),
    /** A request the HTTP codec could not parse or that broke a limit: 4xx and close. */
    MALFORMED("malformed", false);

    final String label;
    /** True when serving the route calls the store (so it runs off the event loop). */
    final boolean usesStore;

    RestRoute(String label, boolean usesStore) {
        this.label = label;
        this.usesStore = usesStore;
    }
}
