package dev.bulk2.core;

import java.io.IOException;

/**
 * Supplies a value and may fail with an {@link IOException}, for example an opener of a fresh stream.
 *
 * @param <T> the supplied type
 */
@FunctionalInterface
public interface IOSupplier<T> {

    /**
     * Supplies the value.
     *
     * @return the value
     * @throws IOException if it cannot be produced
     */
    T get() throws IOException;
}
