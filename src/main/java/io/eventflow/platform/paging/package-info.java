@NullMarked
package io.eventflow.platform.paging;

import org.jspecify.annotations.NullMarked;
