package io.kafkaprediction.scoring.errors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a controller: its endpoints answer errors in the Open Inference Protocol's shape,
 * {@code {"error": "..."}}, instead of {@code application/problem+json}. The endpoint decides,
 * not its path.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OipErrorBodies {
}
