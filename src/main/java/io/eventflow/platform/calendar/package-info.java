@NullMarked
package io.eventflow.platform.calendar;

import org.jspecify.annotations.NullMarked;
