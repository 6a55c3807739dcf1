package io.eventflow.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source APIs' error bodies. EventFlow answers with problem details; their clients read the keys their servers
 * used, so every error on a compatibility route — validation, routing's 404 and 405, 401, 413, 429 — is reshaped
 * into the dialect of the API the path belongs to, with EventFlow's status code.
 */
enum Dialect {

    /** Seed 000 (Flask, socket events): {@code {"error": "..."}}, field problems under {@code errors}. */
    EVENTS_SOCKET {
        @Override
        Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors) {
            return flat("error", detail, fieldErrors);
        }
    },
    /** Seed 001 (Django REST framework): {@code {"detail": "..."}}, and each field's messages under its name. */
    ALPHABET {
        @Override
        Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("detail", detail);
            for (Map<String, String> error : fieldErrors) {
                @SuppressWarnings("unchecked")
                List<String> messages = (List<String>) body.computeIfAbsent(String.valueOf(error.get("field")),
                        field -> new java.util.ArrayList<String>());
                messages.add(String.valueOf(error.get("message")));
            }
            return body;
        }
    },
    /** Seed 002 (Flask, event-manager): {@code {"message": "..."}}, field problems under {@code errors}. */
    EVENT_MANAGER {
        @Override
        Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors) {
            return flat("message", detail, fieldErrors);
        }
    },
    /** Seed 004 (Flask, {@code /api/v1} on port 5000): its README's error response, {@code {"message": "..."}}. */
    V1_API {
        @Override
        Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors) {
            return flat("message", detail, fieldErrors);
        }
    },
    /**
     * Seed 003 (FastAPI services behind a gateway): {@code {"detail": "..."}}; validation problems as FastAPI lists
     * them, {@code detail} then being {@code [{"loc": [...], "msg": "..."}]} would break clients that print it, so
     * they go under {@code errors}.
     */
    GATEWAY {
        @Override
        Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors) {
            return flat("detail", detail, fieldErrors);
        }
    };

    abstract Map<String, Object> body(String detail, List<Map<String, String>> fieldErrors);

    /**
     * The dialect of a path that came through {@link Door#OLD_APIS} (without the prefix). The three APIs' routes do
     * not overlap: 001 is all {@code /api/...}, 002 is {@code /events} and
     * {@code /sort_by/...}, 000 is {@code /create}, {@code /events/...} and its page.
     */
    static Dialect of(String path) {
        if (path.startsWith("/api/")) {
            return ALPHABET;
        }
        if (path.equals("/events") || path.equals("/sort_by") || path.startsWith("/sort_by/")) {
            return EVENT_MANAGER;
        }
        return EVENTS_SOCKET;
    }

    /** The message under {@code key}, each field's problems joined under {@code errors}. */
    private static Map<String, Object> flat(String key, String detail, List<Map<String, String>> fieldErrors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, detail);
        if (!fieldErrors.isEmpty()) {
            body.put("errors", byField(fieldErrors));
        }
        return body;
    }

    private static Map<String, String> byField(List<Map<String, String>> fieldErrors) {
        Map<String, String> errors = new LinkedHashMap<>();
        fieldErrors.forEach(error -> errors.merge(String.valueOf(error.get("field")), String.valueOf(error.get("message")),
                (a, b) -> a + "; " + b));
        return errors;
    }
}
