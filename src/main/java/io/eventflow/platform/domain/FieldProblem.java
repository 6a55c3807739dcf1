package io.eventflow.platform.domain;

/** One field at fault: its name as the API spells it and what is wrong with it. */
public record FieldProblem(String field, String message) {
}
