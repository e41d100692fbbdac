package dev.bulk2.examples.sync;

import java.nio.file.Path;

/** The end-to-end sync scenarios on an embedded H2 file database. */
class H2SyncRunTest extends AbstractSyncRunTest {
    @Override
    Erp newErp(Path dir) {
        return new Erp("jdbc:h2:file:" + dir.resolve("erp").toAbsolutePath(), "sa", "", false);
    }
}
