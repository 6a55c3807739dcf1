package io.eventflow.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/** Every bean of this module exists only while {@code eventflow.compat.enabled} is true (the default). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnBooleanProperty(name = "eventflow.compat.enabled", matchIfMissing = true)
@interface CompatEnabled {
}
