@NullMarked
package io.eventflow.identity.session;

import org.jspecify.annotations.NullMarked;
