/**
 * The browser UI: server-rendered pages over the same module APIs and policies as the REST API.
 */
@NullMarked
package io.eventflow.web;

import org.jspecify.annotations.NullMarked;
