/**
 * The domain's refusals, free of HTTP: {@link io.eventflow.platform.domain.DomainException} and its kinds. Modules
 * throw them; the edges (REST problem details, web pages, compatibility adapters) decide how to answer each kind.
 */
@NullMarked
package io.eventflow.platform.domain;

import org.jspecify.annotations.NullMarked;
