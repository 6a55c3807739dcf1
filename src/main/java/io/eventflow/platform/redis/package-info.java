@NullMarked
package io.eventflow.platform.redis;

import org.jspecify.annotations.NullMarked;
