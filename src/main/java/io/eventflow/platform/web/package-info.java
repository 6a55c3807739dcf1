@NullMarked
package io.eventflow.platform.web;

import org.jspecify.annotations.NullMarked;
