package dev.bulk2.core.query;

import java.io.IOException;
import java.io.InputStream;

/** A verified, fully downloaded page (row count checked), held in a {@link PageBuffer}. Package-private. */
final class DownloadedPage {
    final int index;
    final String locator;
    final String nextLocator;
    final long rows;
    final long headerLength;
    final PageBuffer content;
    final int attempts;

    DownloadedPage(int index, String locator, String nextLocator, long rows, long headerLength, PageBuffer content,
            int attempts) {
        this.index = index;
        this.locator = locator;
        this.nextLocator = nextLocator;
        this.rows = rows;
        this.headerLength = headerLength;
        this.content = content;
        this.attempts = attempts;
    }

    long bytes() {
        return content.size();
    }

    InputStream open() throws IOException {
        return content.open();
    }

    void release() {
        content.release();
    }
}
