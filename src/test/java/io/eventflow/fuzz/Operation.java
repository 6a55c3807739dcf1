package io.eventflow.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One route the fuzzer sends requests to: from EventFlow's OpenAPI document, or from the hand-written list of the
 * compatibility routes (which the document leaves out: they belong to the older APIs).
 *
 * @param body the JSON schema of the request body (with {@code $ref}s resolved on use), or a template example for
 *             routes whose document names no useful schema; null when the route takes no body
 */
record Operation(String method, String path, List<Param> params, JsonNode body, List<String> contentTypes,
        boolean compat) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A path, query or header parameter, with its schema (an example value for the compatibility routes). */
    record Param(String name, String in, JsonNode schema) {
    }

    boolean hasBody() {
        return !body.isMissingNode();
    }

    /** EventFlow's own API answers every 4xx as a problem; the compatibility routes keep their old APIs' error bodies. */
    boolean ownApi() {
        return !compat;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    /**
     * Every operation of the document. Parameters springdoc invented from handler arguments the application resolves
     * itself (the signed-in {@code user}, the whole {@code request}) carry a {@code $ref} schema of an object and no
     * place in a real URL: they are left out. Bodies whose schema is Jackson's {@code JsonNode} (a merge patch, the
     * notification preferences) get the schema or example of what the route really reads.
     */
    static List<Operation> fromOpenApi(JsonNode document, Map<String, JsonNode> bodyOverrides) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                JsonNode operation = method.getValue();
                List<Param> params = new ArrayList<>();
                for (JsonNode param : operation.path("parameters")) {
                    JsonNode schema = resolve(document, param.path("schema"));
                    if (schema.path("type").isMissingNode() && !schema.has("enum")) {
                        continue; // an argument the application resolves (the signed-in user), not a real parameter
                    }
                    params.add(new Param(param.get("name").asString(), param.get("in").asString(), schema));
                }
                String key = method.getKey().toUpperCase() + " " + path.getKey();
                JsonNode content = operation.path("requestBody").path("content");
                List<String> contentTypes = new ArrayList<>();
                content.propertyNames().forEach(contentTypes::add);
                JsonNode body = JSON.missingNode();
                if (bodyOverrides.containsKey(key)) {
                    body = bodyOverrides.get(key);
                } else if (!contentTypes.isEmpty()) {
                    body = resolve(document, content.get(contentTypes.get(0)).path("schema"));
                }
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), params, body,
                        contentTypes, false));
            }
        }
        // in a fixed order, so a seed picks the same operations whatever order the document lists them in
        operations.sort(java.util.Comparator.comparing(Operation::toString));
        return operations;
    }

    /** A schema with its {@code $ref}s replaced by what they name, all the way down. */
    static JsonNode resolve(JsonNode document, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            return resolve(document, document.at("/components/schemas/" + name));
        }
        if (!schema.isObject()) {
            return schema;
        }
        var copy = schema.deepCopy();
        var object = (tools.jackson.databind.node.ObjectNode) copy;
        if (schema.has("properties")) {
            var properties = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                properties.set(property.getKey(), resolve(document, property.getValue()));
            }
            object.set("properties", properties);
        }
        if (schema.has("items")) {
            object.set("items", resolve(document, schema.get("items")));
        }
        return object;
    }

    /** A body template written as JSON (compatibility routes and overrides). */
    static JsonNode example(String json) {
        return JSON.readTree(json);
    }

    static Operation compat(String method, String path, String bodyExample, String... queryParams) {
        List<Param> params = new ArrayList<>();
        for (String query : queryParams) {
            String[] nameAndExample = query.split("=", 2);
            params.add(new Param(nameAndExample[0], "query",
                    JSON.createObjectNode().put("x-example", nameAndExample.length > 1 ? nameAndExample[1] : "1")));
        }
        JsonNode body = bodyExample == null ? JSON.missingNode() : example(bodyExample);
        return new Operation(method, path, params, body, body.isMissingNode() ? List.of() : List.of("application/json"), true);
    }

    /**
     * The compatibility routes (docs/compatibility.md), on their prefixes of EventFlow's own port. Path variables are
     * named after what they hold, so the fuzzer can point them at the fixture: {@code {event_number}},
     * {@code {user_number}}, {@code {event_id}}, {@code {user_id}}, {@code {notification_id}}, {@code {location}},
     * {@code {field}}.
     */
    static List<Operation> compatibility() {
        String seed000Event = """
                {"title": "Fuzzed", "description": "d", "start_time": "2030-01-01T10:00:00Z",
                 "end_time": "2030-01-01T12:00:00Z", "location": "Tel Aviv"}""";
        String seed001Event = """
                {"name": "Fuzzed", "starting_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T12:00:00Z",
                 "location": "Haifa"}""";
        String seed002Event = """
                {"title": "Fuzzed", "location": "Eilat", "date": "2030-01-01"}""";
        String gatewayEvent = """
                {"name": "Fuzzed", "description": "d", "start_time": "2030-01-01T10:00:00Z",
                 "end_time": "2030-01-01T12:00:00Z", "location": "Jaffa", "capacity": 10, "price": 5}""";
        String v1Event = """
                {"title": "Fuzzed", "description": "d", "category": "music", "start_time": "2030-01-01T10:00:00Z",
                 "end_time": "2030-01-01T12:00:00Z", "location": "Acre", "latitude": 32.9, "longitude": 35.1,
                 "capacity": 10}""";
        String account = """
                {"username": "fuzzer", "email": "fuzzer@example.com", "password": "fuzzing-password"}""";
        String seed000 = "/api/compat";
        String seed001 = "/api/compat/api";
        String gateway = "/api/compat-gateway";
        String v1 = "/api/compat-v1/api/v1";
        return List.of(
                compat("POST", seed000 + "/create", "{\"events\": [" + seed000Event + "]}"),
                compat("GET", seed000 + "/events/get", null, "id={event_number}"),
                compat("GET", seed000 + "/events/get_all", null, "wherekey=location", "whereValue=Tel Aviv",
                        "orderBy=start_time"),
                compat("POST", seed000 + "/events/delete", "{\"id\": \"{event_number}\"}"),
                compat("PUT", seed000 + "/events/update", "{\"id\": \"{event_number}\", \"values\": {\"title\": \"Renamed\"}}"),
                compat("POST", seed001 + "/auth/signup/", account),
                compat("POST", seed001 + "/auth/signin/", account),
                compat("GET", seed001 + "/user/{user_number}/", null),
                compat("PUT", seed001 + "/user/{user_number}/", "{\"username\": \"renamed\", \"email\": \"r@example.com\"}"),
                compat("DELETE", seed001 + "/user/{user_number}/", null),
                compat("GET", seed001 + "/events/", null),
                compat("POST", seed001 + "/events/", seed001Event),
                compat("GET", seed001 + "/event/{event_number}/", null),
                compat("PUT", seed001 + "/event/{event_number}/", seed001Event),
                compat("DELETE", seed001 + "/event/{event_number}/", null),
                compat("GET", seed001 + "/search_event/{location}/", null),
                compat("GET", seed000 + "/events", null, "id={event_number}"),
                compat("POST", seed000 + "/events", seed002Event),
                compat("PUT", seed000 + "/events", seed002Event, "id={event_number}"),
                compat("DELETE", seed000 + "/events", null, "id={event_number}"),
                compat("GET", seed000 + "/sort_by/{field}", null),
                compat("POST", gateway + "/auth/register", account),
                compat("POST", gateway + "/auth/login", account),
                compat("GET", gateway + "/auth/validate", null),
                compat("GET", gateway + "/users/me", null),
                compat("GET", gateway + "/events", null, "name=jazz", "location=x", "q=x", "category=music",
                        "from=2030-01-01", "to=2031-01-01", "max_price=10", "free=true"),
                compat("POST", gateway + "/events", gatewayEvent),
                compat("GET", gateway + "/events/{event_id}", null),
                compat("PUT", gateway + "/events/{event_id}", gatewayEvent),
                compat("DELETE", gateway + "/events/{event_id}", null),
                compat("POST", gateway + "/bookings", "{\"event_id\": \"{event_id}\"}"),
                compat("GET", gateway + "/users/{user_id}/bookings", null, "page=1", "size=10"),
                compat("GET", gateway + "/bookings/user/{user_id}", null, "page=1", "size=10"),
                compat("GET", gateway + "/events/{event_id}/bookings", null, "page=1", "size=10"),
                compat("GET", gateway + "/notifications/status/{notification_id}", null),
                compat("POST", v1 + "/auth/register", account),
                compat("POST", v1 + "/auth/login", account),
                compat("POST", v1 + "/auth/forgot-password", "{\"email\": \"fuzzer@example.com\"}"),
                compat("GET", v1 + "/auth/logout", null),
                compat("GET", v1 + "/events", null, "q=x", "category=music", "lat=32.1", "lng=34.8", "lon=34.8",
                        "radius=10", "page=1", "limit=10"),
                compat("POST", v1 + "/events", v1Event),
                compat("PUT", v1 + "/events/{event_id}", v1Event),
                compat("DELETE", v1 + "/events/{event_id}", null),
                compat("POST", v1 + "/events/{event_id}/rsvp", null),
                compat("POST", v1 + "/events/{event_id}/arrival", "{\"latitude\": 32.1, \"longitude\": 34.8}"),
                compat("GET", v1 + "/events/{event_id}/stats", null),
                compat("GET", v1 + "/events/{event_id}/photos", null, "page=1", "limit=10"),
                compat("POST", v1 + "/users/{user_id}/follow", null),
                compat("POST", v1 + "/users/{user_id}/unfollow", null),
                compat("GET", v1 + "/feed", null, "cursor=x", "limit=10"),
                compat("GET", v1 + "/organizer/events", null, "page=1", "limit=10"));
    }
}
