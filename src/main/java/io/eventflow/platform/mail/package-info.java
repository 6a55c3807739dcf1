@NullMarked
package io.eventflow.platform.mail;

import org.jspecify.annotations.NullMarked;
