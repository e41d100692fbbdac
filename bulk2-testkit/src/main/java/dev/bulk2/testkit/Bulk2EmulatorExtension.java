package dev.bulk2.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension owning a {@link Bulk2Emulator}. Register it on a static field to share one emulator per
 * test class (started before all tests, closed after them), or on an instance field for one per test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Bulk2EmulatorExtension sf = Bulk2EmulatorExtension.create();
 *
 * @Test
 * void loads() {
 *     URI url = sf.emulator().instanceUrl();
 * }
 * }</pre>
 *
 * <p>With {@link Builder#resetBeforeEach(boolean)} (default false) the emulator is {@link Bulk2Emulator#reset()}
 * before every test. Thread-safe as the emulator is; requires {@code junit-jupiter-api} on the test class path.
 */
public final class Bulk2EmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Bulk2Emulator.Builder config;
    private final boolean resetBeforeEach;
    private volatile Bulk2Emulator emulator;
    private volatile boolean perTest;

    private Bulk2EmulatorExtension(Bulk2Emulator.Builder config, boolean resetBeforeEach) {
        this.config = config;
        this.resetBeforeEach = resetBeforeEach;
    }

    /**
     * An extension with a default emulator (free port, built-in schemas, no faults).
     *
     * @return the extension
     */
    public static Bulk2EmulatorExtension create() {
        return builder().build();
    }

    /**
     * An extension whose emulator is built from the given builder.
     *
     * @param emulator emulator settings
     * @return the extension
     */
    public static Bulk2EmulatorExtension of(Bulk2Emulator.Builder emulator) {
        return builder().emulator(emulator).build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running emulator.
     *
     * @return the emulator
     * @throws IllegalStateException outside a test's lifecycle
     */
    public Bulk2Emulator emulator() {
        Bulk2Emulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("The emulator is only available while tests run; register the extension"
                    + " with @RegisterExtension");
        }
        return e;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            emulator = config.build().start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            perTest = true;
            emulator = config.build().start();
        } else if (resetBeforeEach) {
            emulator.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest && emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public String toString() {
        return "Bulk2EmulatorExtension{" + emulator + "}";
    }

    /** Builder for {@link Bulk2EmulatorExtension}. Not thread-safe. */
    public static final class Builder {
        private Bulk2Emulator.Builder emulator = Bulk2Emulator.builder();
        private boolean resetBeforeEach;

        private Builder() {
        }

        /**
         * @param emulator emulator settings; default {@link Bulk2Emulator#builder()}
         * @return this
         */
        public Builder emulator(Bulk2Emulator.Builder emulator) {
            this.emulator = Objects.requireNonNull(emulator, "emulator");
            return this;
        }

        /**
         * @param reset reset the emulator before each test; default false
         * @return this
         */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        /**
         * Builds the extension.
         *
         * @return the extension
         */
        public Bulk2EmulatorExtension build() {
            return new Bulk2EmulatorExtension(emulator, resetBeforeEach);
        }
    }
}
