package dev.netjac.runtime;

/**
 * A generated class's weights resource is missing or unreadable. Thrown by the class's no-argument constructor,
 * never from a static initializer, so that the class stays usable: a caller can catch it, fix the class path
 * (or pass weights to the {@code WeightSet} constructor) and try again in the same JVM.
 */
public class WeightsResourceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WeightsResourceException(String message) {
        super(message);
    }

    public WeightsResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
