@NullMarked
package io.eventflow.identity.token;

import org.jspecify.annotations.NullMarked;
