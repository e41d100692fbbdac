package dev.bulk2.examples.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the clients deleted from the ERP (hard deletes, which no {@code updated_at} can show): a full key scan
 * streams every Salesforce record that has an external id (a Bulk query) and looks its key up in the ERP in
 * batches; a key the ERP no longer has is gone. In {@code update-field} mode records already flagged inactive
 * are skipped (they were propagated by an earlier scan). Memory: one batch of keys.
 */
final class HardDeletes {
    private static final int BATCH = 500;

    /** A record whose ERP row is gone. */
    static final class Gone {
        final String id;
        final String key;

        Gone(String id, String key) {
            this.id = id;
            this.key = key;
        }
    }

    private final SyncConfig config;
    private final ErpSource erp;
    private final SalesforceSink sf;

    HardDeletes(SyncConfig config, ErpSource erp, SalesforceSink sf) {
        this.config = config;
        this.erp = erp;
        this.sf = sf;
    }

    /**
     * @param each called with every record whose ERP row is gone
     * @param stop checked before each Salesforce record: true ends the scan with a {@code CancellationException}
     * @return how many records are gone from the ERP (each passed to {@code each})
     */
    long scan(Consumer<Gone> each, java.util.function.BooleanSupplier stop) {
        boolean flagMode = config.deactivationMode == SyncConfig.DeactivationMode.UPDATE_FIELD;
        List<String> fields = new ArrayList<>(List.of("Id", config.externalIdField));
        if (flagMode) {
            fields.add(config.deactivationField);
        }
        List<Gone> batch = new ArrayList<>();
        long[] gone = {0};
        sf.scan(fields, r -> {
            if (stop.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("the key scan was stopped");
            }
            String key = r.get(config.externalIdField);
            if (key == null || key.isEmpty() || (flagMode && "true".equalsIgnoreCase(r.get(config.deactivationField)))) {
                return;
            }
            batch.add(new Gone(r.get("Id"), key));
            if (batch.size() == BATCH) {
                gone[0] += flush(batch, each);
            }
        });
        gone[0] += flush(batch, each);
        return gone[0];
    }

    private long flush(List<Gone> batch, Consumer<Gone> each) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<String> keys = new ArrayList<>();
        for (Gone g : batch) {
            keys.add(g.key);
        }
        Set<String> present = erp.existing(keys);
        long n = 0;
        for (Gone g : batch) {
            if (!present.contains(g.key)) {
                each.accept(g);
                n++;
            }
        }
        batch.clear();
        return n;
    }
}
