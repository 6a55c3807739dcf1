@NullMarked
package io.eventflow.platform.ratelimit;

import org.jspecify.annotations.NullMarked;
