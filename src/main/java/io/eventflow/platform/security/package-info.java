@NullMarked
package io.eventflow.platform.security;

import org.jspecify.annotations.NullMarked;
