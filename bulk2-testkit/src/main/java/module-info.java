/**
 * A local Bulk API 2.0 emulator for offline tests: {@link dev.bulk2.testkit.Bulk2Emulator}, in-process, as a
 * JUnit 5 extension ({@link dev.bulk2.testkit.Bulk2EmulatorExtension}) or standalone
 * ({@link dev.bulk2.testkit.Bulk2EmulatorMain}).
 *
 * <p>Exports {@code dev.bulk2.testkit} only. JUnit Jupiter is optional: a test module that uses the extension
 * {@code requires org.junit.jupiter.api} itself.
 */
module dev.bulk2.testkit {
    requires transitive dev.bulk2.csv;
    requires com.fasterxml.jackson.core;
    requires jdk.httpserver;
    requires static org.junit.jupiter.api;

    exports dev.bulk2.testkit;
}
