/**
 * Streaming CSV for the Salesforce Bulk API 2.0: dialects, the quote-aware chunker that splits an upload into
 * parts, typed rows ({@link dev.bulk2.csv.CsvMapping}) and the readers of Salesforce's result files.
 *
 * <p>Exports {@code dev.bulk2.csv} only. {@code dev.bulk2.csv.internal} (the tokenizer shared with the client) is
 * exported to {@code dev.bulk2.core} alone and is not part of the API.
 */
@SuppressWarnings("module") // dev.bulk2.core is built after this module, so it is not observable here
module dev.bulk2.csv {
    exports dev.bulk2.csv;

    exports dev.bulk2.csv.internal to dev.bulk2.core;
}
