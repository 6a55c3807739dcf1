@NullMarked
package io.eventflow.identity.password;

import org.jspecify.annotations.NullMarked;
