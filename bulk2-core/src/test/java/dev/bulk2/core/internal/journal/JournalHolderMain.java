package dev.bulk2.core.internal.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM by {@link JournalLockTest}: opens the journal given as argument (taking its lock), prints
 * {@code HOLDING <pid>} and holds it until its standard input ends or a line arrives.
 */
public final class JournalHolderMain {
    private JournalHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (Journal j = Journal.open(Path.of(args[0]), JournalTestData.upsert(), JournalTestData.input(),
                Clock.systemUTC())) {
            System.out.println("HOLDING " + ProcessHandle.current().pid());
            System.out.flush();
            System.in.read();
        }
        System.out.println("RELEASED");
        System.out.flush();
    }
}
