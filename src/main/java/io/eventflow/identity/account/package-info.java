@NullMarked
package io.eventflow.identity.account;

import org.jspecify.annotations.NullMarked;
